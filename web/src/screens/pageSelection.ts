// slate-react reads the page's selection (where the browser draws the caret or the highlight) into
// the editor at most every 100 ms. Until it does, a render of the editor puts the page's selection
// back where the editor last knew it, and a toolbar button formats the old selection.
import type { SlateEditor } from "platejs";

/** Takes the selection the writer sees on the page into the editor, now. */
export function takePageSelection(editor: SlateEditor) {
  // Unfocused, the page's selection is not the writer's in this text (slate-react keeps the two
  // in step only while it has the focus, which the toolbar's buttons never take).
  if (!editor.api.isFocused() || editor.api.isComposing()) return;
  const page = window.getSelection();
  const root = editor.api.toDOMNode(editor);
  if (!page || page.rangeCount === 0 || !root) return;
  if (!page.anchorNode || !page.focusNode || !root.contains(page.anchorNode) || !root.contains(page.focusNode)) return;
  const range = editor.api.toSlateRange(page, { exactMatch: false, suppressThrow: true });
  if (range) editor.tf.select(range);
}
