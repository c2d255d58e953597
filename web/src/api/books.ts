import { apiRequest, getJson } from "./client";
import type { Book, BookKind, BookStatus, BookSummary, Started, WriterInfo } from "./types";

const base = (id: string) => `/api/v1/books/${encodeURIComponent(id)}`;

export const listBooks = () => getJson<{ books: BookSummary[]; total: number }>("/api/v1/books?limit=200");
export const fetchBook = (id: string) => getJson<Book>(base(id));
export const fetchStatus = (id: string) => getJson<BookStatus>(`${base(id)}/status`);
export const fetchWriter = () => getJson<WriterInfo>("/api/v1/writer");

export interface NewBook {
  title: string;
  braindump: string;
  kind: BookKind;
  genre?: string;
  target_words?: number;
}

export const generateBook = (book: NewBook) =>
  apiRequest<Started>("/api/v1/books/generate", { method: "POST", body: book });
export const cancelBook = (id: string) => apiRequest<BookStatus>(`${base(id)}/cancel`, { method: "POST" });
export const resumeBook = (id: string) => apiRequest<Started>(`${base(id)}/resume`, { method: "POST" });
export const deleteBook = (id: string) => apiRequest<void>(base(id), { method: "DELETE" });
export const regenerateScene = (id: string, chapter: number, scene: number) =>
  apiRequest<Started>(`${base(id)}/chapters/${chapter}/scenes`, { method: "POST", body: { scene } });

export const bookEventsUrl = (id: string) => `${base(id)}/events`;

export type ExportFormat = "md" | "epub" | "pdf";
export const exportUrl = (id: string, format: ExportFormat) => `${base(id)}/export?format=${format}`;
