// Answers of the API as the screens' tests use them (shapes of api/openapi.json).
import type { Book, BookStatus, BookSummary, EditorDocument, User, WriterInfo } from "../api/types";

export const user: User = {
  id: "u1",
  email: "ada@example.com",
  username: "ada",
  display_name: "Ada",
  bio: "",
  avatar_url: null,
  is_admin: false,
  auth_source: "local",
  created_at: "2026-11-01T10:00:00.000Z",
  updated_at: "2026-11-01T10:00:00.000Z",
};

export const offlineWriter: WriterInfo = {
  provider: "offline",
  model: "offline-writer-1",
  is_model: false,
  label: "Offline writer (not an AI model)",
  api_key_set: false,
};

export const summary: BookSummary = {
  id: "b1",
  title: "The Tide Clock",
  kind: "novel",
  genre: "mystery",
  status: "completed",
  words: 1234,
  target_words: 1200,
  cost_usd: 0,
  writer: offlineWriter.label,
  created_at: "2026-11-01T10:00:00.000Z",
  updated_at: "2026-11-01T10:00:00.000Z",
  completed_at: "2026-11-01T10:01:00.000Z",
};

export const book: Book = {
  ...summary,
  user_id: "u1",
  braindump: "A clock that runs on tides.",
  tokens_in: 0,
  tokens_out: 0,
  chapters: [
    {
      id: "c1",
      number: 1,
      title: "Low Water",
      summary: "",
      words: 600,
      scenes: [
        { id: "s1", number: 1, title: "The Harbour", text: "Mara woke.\n\nThe sea was gone.", summary: "", words: 6, updated_at: "" },
        { id: "s2", number: 2, title: "", text: "She ran.", summary: "", words: 2, updated_at: "" },
      ],
    },
    { id: "c2", number: 2, title: "High Water", summary: "", words: 600, scenes: [] },
  ],
};

export const runningStatus: BookStatus = {
  book_id: "b1",
  job_id: "j1",
  status: "running",
  stage: "outline",
  progress: 25,
  words: 100,
  target_words: 1200,
  tokens_in: 1000,
  tokens_out: 500,
  cost_usd: 0.0123,
  eta_seconds: 90,
  writer: "Claude (claude-sonnet-4-5)",
  error: null,
};

export const sceneDocument: EditorDocument = {
  id: "s1",
  kind: "scene",
  book_id: "b1",
  title: "Chapter 1, scene 1 · The Harbour",
  version: 1,
  content: [
    { type: "p", children: [{ text: "Mara woke." }] },
    { type: "p", children: [{ text: "The sea was gone." }] },
  ],
  updated_at: "2026-11-01T10:00:00.000Z",
};
