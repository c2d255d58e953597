// The shapes of the API's answers that the screens read (api/openapi.json is the reference).

export interface User {
  id: string;
  email: string;
  username: string;
  display_name: string;
  bio: string;
  avatar_url: string | null;
  is_admin: boolean;
  auth_source: string;
  created_at: string;
  updated_at: string;
}

export interface Providers {
  local: boolean;
  proxy: boolean;
  login_url: string | null;
}

export type BookKind = "novel" | "screenplay" | "play";

export interface BookSummary {
  id: string;
  title: string;
  kind: BookKind;
  genre: string | null;
  status: string;
  words: number;
  target_words: number | null;
  cost_usd: number;
  writer: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

export interface Scene {
  id: string;
  number: number;
  title: string;
  text: string;
  summary: string;
  words: number;
  updated_at: string;
}

export interface Chapter {
  id: string;
  number: number;
  title: string;
  summary: string;
  words: number;
  scenes: Scene[];
}

export interface Book extends BookSummary {
  user_id: string;
  braindump: string;
  tokens_in: number;
  tokens_out: number;
  chapters: Chapter[];
}

export interface BookStatus {
  book_id: string;
  job_id: string | null;
  status: string;
  stage: string | null;
  progress: number;
  words: number;
  target_words: number;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
  eta_seconds: number | null;
  writer: string;
  error: string | null;
}

export interface Started {
  book_id: string;
  job_id: string;
  status_url: string;
  events_url: string;
}

export interface WriterInfo {
  provider: string;
  model: string;
  is_model: boolean;
  label: string;
  api_key_set: boolean;
}

export interface PlateText {
  text: string;
  [mark: string]: unknown;
}

export interface PlateElement {
  type: string;
  children: (PlateElement | PlateText)[];
  [attribute: string]: unknown;
}

export interface EditorDocument {
  id: string;
  kind: "scene" | "chapter";
  book_id: string;
  title: string;
  version: number;
  content: PlateElement[];
  updated_at: string;
}
