import { ApiError, apiRequest, errorFromResponse } from "./client";
import type { EditorDocument, PlateElement } from "./types";

const url = (id: string) => `/api/v1/editor/document/${encodeURIComponent(id)}`;

export const openDocument = (id: string) => apiRequest<EditorDocument>(url(id));

/** A save refused because the document moved on since this copy was opened (409). */
export class StaleDocumentError extends Error {
  constructor(readonly current: EditorDocument) {
    super(`The document was saved elsewhere; it is now at version ${current.version}.`);
    this.name = "StaleDocumentError";
  }
}

/** Saves `content` over `version` (If-Match); throws StaleDocumentError when another copy saved first. */
export async function saveDocument(id: string, version: number, content: PlateElement[]): Promise<EditorDocument> {
  let response: Response;
  try {
    response = await fetch(url(id), {
      method: "PUT",
      credentials: "same-origin",
      headers: {
        Accept: "application/json, application/problem+json",
        "Content-Type": "application/json",
        "If-Match": `"${version}"`,
      },
      body: JSON.stringify({ content }),
    });
  } catch {
    throw new ApiError({
      status: 0,
      title: "Server unreachable",
      detail: "Your changes are still here; save again when the connection is back.",
    });
  }
  if (response.status === 409) {
    const body = (await response
      .clone()
      .json()
      .catch(() => null)) as { current?: EditorDocument } | null;
    if (body?.current) throw new StaleDocumentError(body.current);
  }
  if (!response.ok) throw await errorFromResponse(response);
  return (await response.json()) as EditorDocument;
}
