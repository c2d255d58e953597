import { Plate, PlateContent, usePlateEditor } from "platejs/react";
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from "react";
import { fetchBook, fetchStatus, regenerateScene } from "../api/books";
import { openDocument, saveDocument, StaleDocumentError } from "../api/editor";
import type { EditorDocument, PlateElement } from "../api/types";
import { ErrorNotice, Loading } from "../components/Feedback";
import { isTerminal } from "../hooks/useBookEvents";
import { Link, type RouteParams } from "../router";
import { editorPlugins } from "./editorPlugins";
import { FormattingToolbar } from "./FormattingToolbar";
import { takePageSelection } from "./pageSelection";

const navigationKeys = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"]);

type SaveState = "saved" | "unsaved" | "saving";

function DocumentEditor({
  document: doc,
  onChange,
  onSaveKey,
}: {
  document: EditorDocument;
  onChange: (value: PlateElement[]) => void;
  onSaveKey: () => void;
}) {
  const editor = usePlateEditor({ value: doc.content as never, plugins: editorPlugins });
  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      onSaveKey();
    }
  };
  // The caret the writer moved with the keyboard (Ctrl+End, Home, the arrows...) is where the next
  // keystroke goes: slate-react reads the page's selection at most every 100 ms, and a render in
  // between puts the page's caret back where the text last knew it, so typing at once after
  // Ctrl+End could land where the writer had clicked.
  const onKeyUp = (event: KeyboardEvent) => {
    if (navigationKeys.has(event.key)) takePageSelection(editor);
  };
  return (
    <Plate editor={editor} onValueChange={({ value }) => onChange(value as unknown as PlateElement[])}>
      <FormattingToolbar controls="editor-text" />
      <PlateContent
        id="editor-text"
        className="editor-content prose"
        aria-label={`Text of ${doc.title}`}
        aria-multiline="true"
        onKeyDown={onKeyDown}
        onKeyUp={onKeyUp}
      />
    </Plate>
  );
}

interface SceneRef {
  chapter: number;
  scene: number;
}

export function EditorPage({ params }: { params: RouteParams }) {
  const id = params.id!;
  const [doc, setDoc] = useState<EditorDocument | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [state, setState] = useState<SaveState>("saved");
  const [conflict, setConflict] = useState<EditorDocument | null>(null);
  const [sceneRef, setSceneRef] = useState<SceneRef | null>(null);
  const [regenerating, setRegenerating] = useState<"no" | "confirm" | "running">("no");
  // Bumped whenever the text comes from the server (open, reload, regenerate): the editor starts
  // again from it. A save keeps the editor as it is, cursor and all.
  const [revision, setRevision] = useState(0);
  const value = useRef<PlateElement[] | null>(null);

  const load = useCallback(() => {
    setLoadError(null);
    openDocument(id)
      .then((d) => {
        value.current = d.content;
        setDoc(d);
        setRevision((r) => r + 1);
        setState("saved");
        setConflict(null);
      })
      .catch(setLoadError);
  }, [id]);
  useEffect(load, [load]);

  // Which scene this is, for "Regenerate": the book names its scenes' numbers.
  useEffect(() => {
    if (!doc || doc.kind !== "scene") return;
    fetchBook(doc.book_id)
      .then((book) => {
        for (const c of book.chapters) {
          const s = c.scenes.find((x) => x.id === doc.id);
          if (s) setSceneRef({ chapter: c.number, scene: s.number });
        }
      })
      .catch(() => setSceneRef(null));
  }, [doc?.id, doc?.kind, doc?.book_id]); // eslint-disable-line react-hooks/exhaustive-deps

  // Leaving with unsaved changes asks first.
  useEffect(() => {
    if (state === "saved") return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [state]);

  const save = useCallback(
    async (over?: EditorDocument) => {
      if (!doc || !value.current) return;
      setState("saving");
      setSaveError(null);
      try {
        const saved = await saveDocument(doc.id, (over ?? doc).version, value.current);
        value.current = saved.content;
        // The editor keeps its own state; only the version (the next If-Match) moves on.
        setDoc((d) => (d ? { ...d, version: saved.version, updated_at: saved.updated_at } : d));
        setConflict(null);
        setState("saved");
      } catch (e) {
        setState("unsaved");
        if (e instanceof StaleDocumentError) setConflict(e.current);
        else setSaveError(e);
      }
    },
    [doc],
  );

  async function regenerate() {
    if (!doc || !sceneRef) return;
    setRegenerating("running");
    setSaveError(null);
    try {
      await regenerateScene(doc.book_id, sceneRef.chapter, sceneRef.scene);
      for (;;) {
        await new Promise((r) => setTimeout(r, 1000));
        const s = await fetchStatus(doc.book_id);
        if (isTerminal(s.status)) {
          if (s.status !== "completed") throw new Error(s.error ?? "The scene could not be regenerated.");
          break;
        }
      }
      setDoc(null);
      load();
    } catch (e) {
      setSaveError(e);
    } finally {
      setRegenerating("no");
    }
  }

  if (loadError) return <ErrorNotice error={loadError} action={<Link to="/">Back to your books</Link>} />;
  if (!doc) return <Loading label="Opening the editor…" />;

  const stateText = state === "saved" ? `Saved · version ${doc.version}` : state === "saving" ? "Saving…" : "Unsaved changes";
  return (
    <section className="editor" aria-labelledby="editor-title">
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to={`/books/${doc.book_id}`}>Back to the book</Link>
          </p>
          <h1 id="editor-title">{doc.title}</h1>
        </div>
        <div className="editor__toolbar">
          <span className={`save-state save-state--${state}`} role="status" aria-live="polite">
            {stateText}
          </span>
          <button className="button button--primary" type="button" onClick={() => save()} disabled={state !== "unsaved"}>
            Save
          </button>
        </div>
      </div>

      {conflict && (
        <div className="notice notice--warning" role="alertdialog" aria-labelledby="conflict-title">
          <p className="notice__title" id="conflict-title">
            This {doc.kind} was changed somewhere else
          </p>
          <p>
            Another tab or device saved version {conflict.version} after you opened version {doc.version}. Keep your
            version to save it over theirs, or reload to see theirs (your changes here will be dropped).
          </p>
          <div className="actions">
            <button className="button button--primary" type="button" onClick={() => save(conflict)}>
              Keep my version
            </button>
            <button
              className="button"
              type="button"
              onClick={() => {
                value.current = conflict.content;
                setDoc(conflict);
                setRevision((r) => r + 1);
                setConflict(null);
                setState("saved");
              }}
            >
              Reload theirs
            </button>
          </div>
        </div>
      )}
      {saveError !== null && <ErrorNotice error={saveError} />}

      <DocumentEditor
        key={revision}
        document={doc}
        onChange={(v) => {
          value.current = v;
          setState("unsaved");
        }}
        onSaveKey={() => void save()}
      />
      <p className="hint">
        {doc.kind === "chapter"
          ? "Each ⁂ separates two scenes; keep them, so every scene keeps its own text. Ctrl+S saves."
          : "A blank line starts a new paragraph. Ctrl+S saves."}
      </p>

      {doc.kind === "scene" && sceneRef && (
        <div className="regenerate">
          {regenerating === "no" && (
            <button className="button button--quiet" type="button" onClick={() => setRegenerating("confirm")}>
              Regenerate this scene…
            </button>
          )}
          {regenerating === "confirm" && (
            <div className="notice" role="alertdialog" aria-label="Regenerate this scene?">
              <p>The writer will write this scene again from its plan. Your current text stays in the history.</p>
              <div className="actions">
                <button className="button button--primary" type="button" onClick={regenerate}>
                  Regenerate
                </button>
                <button className="button" type="button" onClick={() => setRegenerating("no")}>
                  Keep this text
                </button>
              </div>
            </div>
          )}
          {regenerating === "running" && <Loading label="Writing the scene again…" />}
        </div>
      )}
    </section>
  );
}
