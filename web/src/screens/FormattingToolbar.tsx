// The editor's formatting toolbar (WAI-ARIA toolbar pattern): one button is in the Tab order, the
// arrow keys, Home and End move between them, Escape goes back to the text. A button never takes
// the focus from the text when clicked, so the writer's selection stays where it was.
import { useEditorRef, useEditorSelector } from "platejs/react";
import { useRef, useState, type KeyboardEvent } from "react";
import { rovingTarget } from "../components/rovingFocus";
import { takePageSelection } from "./pageSelection";

const onMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** "Ctrl+Shift+Z" as this computer writes it, and as aria-keyshortcuts wants it. */
function shortcut(keys: string): { label: string; aria: string } {
  const parts = keys.split("+");
  const key = parts.pop()!;
  const label = onMac ? parts.map((p) => (p === "Mod" ? "⌘" : p === "Shift" ? "⇧" : p)).join("") + key : keys.replace("Mod", "Ctrl");
  const aria = ["Control", "Meta"].map((mod) => [...parts.map((p) => (p === "Mod" ? mod : p)), key].join("+")).join(" ");
  return { label, aria };
}

type Tool =
  | { kind: "mark"; mark: "bold" | "italic" | "underline"; label: string; glyph: string; keys: string }
  | { kind: "block"; type: "h2" | "h3" | "blockquote"; label: string; glyph: string }
  | { kind: "history"; action: "undo" | "redo"; label: string; glyph: string; keys: string };

const tools: Tool[] = [
  { kind: "mark", mark: "bold", label: "Bold", glyph: "B", keys: "Mod+B" },
  { kind: "mark", mark: "italic", label: "Italic", glyph: "I", keys: "Mod+I" },
  { kind: "mark", mark: "underline", label: "Underline", glyph: "U", keys: "Mod+U" },
  { kind: "block", type: "h2", label: "Heading", glyph: "Heading" },
  { kind: "block", type: "h3", label: "Subheading", glyph: "Subheading" },
  { kind: "block", type: "blockquote", label: "Block quote", glyph: "“ Quote" },
  { kind: "history", action: "undo", label: "Undo", glyph: "↶ Undo", keys: "Mod+Z" },
  { kind: "history", action: "redo", label: "Redo", glyph: "↷ Redo", keys: "Mod+Shift+Z" },
];

function useToolState(tool: Tool): { pressed?: boolean; disabled: boolean } {
  const key = tool.kind === "mark" ? tool.mark : tool.kind === "block" ? tool.type : tool.action;
  return useEditorSelector(
    (editor) => {
      if (tool.kind === "mark") return { pressed: Boolean(editor.api.marks()?.[tool.mark]), disabled: false };
      if (tool.kind === "block") {
        return { pressed: editor.selection !== null && editor.api.some({ match: { type: tool.type } }), disabled: false };
      }
      const stack = tool.action === "undo" ? editor.history.undos : editor.history.redos;
      return { disabled: stack.length === 0 };
    },
    [key],
    { equalityFn: (a, b) => a.pressed === b.pressed && a.disabled === b.disabled },
  );
}

function ToolButton({
  tool,
  tabIndex,
  buttonRef,
  onFocus,
}: {
  tool: Tool;
  tabIndex: number;
  buttonRef: (button: HTMLButtonElement | null) => void;
  onFocus: () => void;
}) {
  const editor = useEditorRef();
  const { pressed, disabled } = useToolState(tool);
  const keys = tool.kind === "block" ? null : shortcut(tool.keys);

  function apply() {
    if (disabled) return;
    if (tool.kind === "history") {
      if (tool.action === "undo") editor.undo();
      else editor.redo();
      return;
    }
    takePageSelection(editor);
    // Never opened the text yet: format where the writer would start typing, its end.
    if (!editor.selection) editor.tf.select(editor.api.end([]));
    if (tool.kind === "mark") editor.tf.toggleMark(tool.mark);
    else editor.tf.toggleBlock(tool.type, tool.type === "blockquote" ? { wrap: true } : undefined);
  }

  return (
    <button
      ref={buttonRef}
      type="button"
      className={`format-toolbar__button format-toolbar__button--${tool.kind === "mark" ? tool.mark : "text"}`}
      aria-label={tool.label}
      aria-pressed={tool.kind === "history" ? undefined : pressed}
      aria-disabled={disabled || undefined}
      aria-keyshortcuts={keys?.aria}
      title={keys ? `${tool.label} (${keys.label})` : tool.label}
      tabIndex={tabIndex}
      onFocus={onFocus}
      onMouseDown={(event) => event.preventDefault()}
      onClick={apply}
    >
      <span aria-hidden="true">{tool.glyph}</span>
    </button>
  );
}

export function FormattingToolbar({ controls }: { controls: string }) {
  const editor = useEditorRef();
  const [current, setCurrent] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === "Escape") {
      event.preventDefault();
      editor.tf.focus();
      return;
    }
    const next = rovingTarget(event.key, current, tools.length);
    if (next === null) return;
    event.preventDefault();
    setCurrent(next);
    buttons.current[next]?.focus();
  }

  return (
    <div className="format-toolbar" role="toolbar" aria-label="Formatting" aria-controls={controls} onKeyDown={onKeyDown}>
      {tools.map((tool, i) => (
        <ToolButton
          key={tool.label}
          tool={tool}
          tabIndex={i === current ? 0 : -1}
          buttonRef={(button) => {
            buttons.current[i] = button;
          }}
          onFocus={() => setCurrent(i)}
        />
      ))}
    </div>
  );
}
