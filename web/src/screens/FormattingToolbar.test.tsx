import { act, fireEvent, render, screen } from "@testing-library/react";
import { Plate, PlateContent, usePlateEditor } from "platejs/react";
import { describe, expect, it } from "vitest";
import type { PlateElement } from "../api/types";
import { editorPlugins } from "./editorPlugins";
import { FormattingToolbar } from "./FormattingToolbar";

type Editor = NonNullable<ReturnType<typeof usePlateEditor>>;

const letter: PlateElement[] = [
  { type: "p", children: [{ text: "Dear Mara, the clock stopped." }] },
  { type: "p", children: [{ text: "Yours, T." }] },
];

function renderEditor(value: PlateElement[] = letter) {
  const seen: { editor: Editor | null } = { editor: null };
  function Harness() {
    const editor = usePlateEditor({ value: structuredClone(value) as never, plugins: editorPlugins });
    seen.editor = editor;
    return (
      <Plate editor={editor}>
        <FormattingToolbar controls="text" />
        <PlateContent id="text" aria-label="Text" />
      </Plate>
    );
  }
  render(<Harness />);
  return seen.editor!;
}

/** Selects `word` in block `block` (its first text leaf), as a writer's drag would. */
function selectWord(editor: Editor, block: number, word: string) {
  const text = (editor.children[block] as PlateElement).children[0] as { text: string };
  const offset = text.text.indexOf(word);
  act(() => {
    editor.tf.select({
      anchor: { path: [block, 0], offset },
      focus: { path: [block, 0], offset: offset + word.length },
    });
  });
}

const button = (name: string) => screen.getByRole("button", { name });

/** Presses a button; the editor tells the toolbar of the change once the current task ends. */
async function press(name: string) {
  await act(async () => {
    fireEvent.click(button(name));
  });
}

async function keys(target: Element, init: KeyboardEventInit) {
  await act(async () => {
    fireEvent.keyDown(target, init);
  });
}

describe("FormattingToolbar", () => {
  it("is a labelled toolbar of named buttons for the text it formats", () => {
    renderEditor();
    const toolbar = screen.getByRole("toolbar", { name: "Formatting" });
    expect(toolbar).toHaveAttribute("aria-controls", "text");
    const names = ["Bold", "Italic", "Underline", "Heading", "Subheading", "Block quote", "Undo", "Redo"];
    expect(screen.getAllByRole("button").map((b) => b.getAttribute("aria-label"))).toEqual(names);
    for (const name of ["Bold", "Italic", "Underline", "Heading", "Subheading", "Block quote"]) {
      expect(button(name)).toHaveAttribute("aria-pressed", "false");
    }
    expect(button("Bold")).toHaveAttribute("aria-keyshortcuts", "Control+B Meta+B");
    expect(button("Redo")).toHaveAttribute("aria-keyshortcuts", "Control+Shift+Z Meta+Shift+Z");
    expect(button("Undo")).not.toHaveAttribute("aria-pressed");
    expect(button("Undo")).toHaveAttribute("aria-disabled", "true");
  });

  it("makes the selected word bold, italic and underlined, and says so", async () => {
    const editor = renderEditor();
    selectWord(editor, 0, "clock");
    await press("Bold");
    await press("Italic");
    await press("Underline");
    expect(editor.children[0]).toEqual({
      type: "p",
      children: [
        { text: "Dear Mara, the " },
        { text: "clock", bold: true, italic: true, underline: true },
        { text: " stopped." },
      ],
    });
    expect(button("Bold")).toHaveAttribute("aria-pressed", "true");
    expect(button("Italic")).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByRole("textbox", { name: "Text" }).querySelector("strong")).toHaveTextContent("clock");

    await press("Bold");
    expect(button("Bold")).toHaveAttribute("aria-pressed", "false");
    expect(editor.children[0]).toEqual({
      type: "p",
      children: [{ text: "Dear Mara, the " }, { text: "clock", italic: true, underline: true }, { text: " stopped." }],
    });
  });

  it("formats the words selected on the page, even before the editor has read that selection", async () => {
    const editor = renderEditor();
    const text = screen.getByRole("textbox", { name: "Text" });
    act(() => text.focus());
    selectWord(editor, 0, "Mara");
    // The writer then selects "clock" with the keyboard and clicks Bold at once: the page has the
    // new selection, the editor (which reads it at most every 100 ms) still the old one.
    const leaf = [...text.querySelectorAll("[data-slate-string]")].find((node) => node.textContent?.includes("clock"))!;
    const range = document.createRange();
    const start = leaf.textContent!.indexOf("clock");
    range.setStart(leaf.firstChild!, start);
    range.setEnd(leaf.firstChild!, start + "clock".length);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
    await press("Bold");
    expect(editor.children[0]).toEqual({
      type: "p",
      children: [{ text: "Dear Mara, the " }, { text: "clock", bold: true }, { text: " stopped." }],
    });
  });

  it("turns a paragraph into a heading or a block quote and back", async () => {
    const editor = renderEditor();
    selectWord(editor, 0, "Dear");
    await press("Heading");
    expect((editor.children[0] as PlateElement).type).toBe("h2");
    expect(button("Heading")).toHaveAttribute("aria-pressed", "true");
    await press("Subheading");
    expect((editor.children[0] as PlateElement).type).toBe("h3");
    expect(button("Heading")).toHaveAttribute("aria-pressed", "false");
    await press("Subheading");
    expect((editor.children[0] as PlateElement).type).toBe("p");

    selectWord(editor, 1, "Yours");
    await press("Block quote");
    expect(editor.children[1]).toEqual({ type: "blockquote", children: [{ type: "p", children: [{ text: "Yours, T." }] }] });
    expect(button("Block quote")).toHaveAttribute("aria-pressed", "true");
    await press("Block quote");
    expect(editor.children[1]).toEqual({ type: "p", children: [{ text: "Yours, T." }] });
  });

  it("undoes and redoes a change", async () => {
    const editor = renderEditor();
    selectWord(editor, 1, "Yours");
    await press("Bold");
    expect(button("Undo")).not.toHaveAttribute("aria-disabled");
    await press("Undo");
    expect(editor.children[1]).toEqual({ type: "p", children: [{ text: "Yours, T." }] });
    expect(button("Redo")).not.toHaveAttribute("aria-disabled");
    await press("Redo");
    expect((editor.children[1] as PlateElement).children[0]).toEqual({ text: "Yours", bold: true });
  });

  it("answers the keyboard shortcuts in the text", async () => {
    const editor = renderEditor();
    const text = screen.getByRole("textbox", { name: "Text" });
    act(() => text.focus());
    selectWord(editor, 0, "Mara");
    await keys(text, { key: "b", code: "KeyB", ctrlKey: true });
    await keys(text, { key: "i", code: "KeyI", ctrlKey: true });
    await keys(text, { key: "u", code: "KeyU", ctrlKey: true });
    expect((editor.children[0] as PlateElement).children[1]).toEqual({ text: "Mara", bold: true, italic: true, underline: true });
    expect(button("Underline")).toHaveAttribute("aria-pressed", "true");
    await keys(text, { key: "z", code: "KeyZ", keyCode: 90, which: 90, ctrlKey: true });
    expect((editor.children[0] as PlateElement).children[1]).toEqual({ text: "Mara", bold: true, italic: true });
    await keys(text, { key: "z", code: "KeyZ", keyCode: 90, which: 90, ctrlKey: true, shiftKey: true });
    expect((editor.children[0] as PlateElement).children[1]).toEqual({ text: "Mara", bold: true, italic: true, underline: true });
  });

  it("is one Tab stop; the arrow keys, Home and End move along it, Escape goes back to the text", () => {
    renderEditor();
    const buttons = screen.getAllByRole("button");
    expect(buttons.map((b) => b.tabIndex)).toEqual([0, -1, -1, -1, -1, -1, -1, -1]);
    act(() => button("Bold").focus());
    fireEvent.keyDown(button("Bold"), { key: "ArrowRight" });
    expect(button("Italic")).toHaveFocus();
    expect(button("Italic").tabIndex).toBe(0);
    expect(button("Bold").tabIndex).toBe(-1);
    fireEvent.keyDown(document.activeElement!, { key: "End" });
    expect(button("Redo")).toHaveFocus();
    fireEvent.keyDown(document.activeElement!, { key: "ArrowRight" });
    expect(button("Bold")).toHaveFocus();
    fireEvent.keyDown(document.activeElement!, { key: "ArrowLeft" });
    expect(button("Redo")).toHaveFocus();
    fireEvent.keyDown(document.activeElement!, { key: "Home" });
    expect(button("Bold")).toHaveFocus();
    expect(screen.getAllByRole("button").filter((b) => b.tabIndex === 0)).toHaveLength(1);
    fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    expect(screen.getByRole("textbox", { name: "Text" })).toHaveFocus();
  });

  it("keeps the text's selection when a button is pressed with the mouse", () => {
    renderEditor();
    const pressed = fireEvent.mouseDown(button("Italic"));
    expect(pressed).toBe(false); // the default, moving the focus, was prevented
  });
});
