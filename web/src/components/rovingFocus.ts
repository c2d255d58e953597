/**
 * Roving focus, as the WAI-ARIA toolbar and tabs patterns move it: one item of the group is in the
 * Tab order, and the arrow keys move between the items (wrapping at the ends), Home and End to the
 * first and the last. Returns the index `key` moves to from `current`, or null for any other key.
 */
export function rovingTarget(key: string, current: number, count: number): number | null {
  if (count <= 0) return null;
  switch (key) {
    case "ArrowRight":
      return (current + 1) % count;
    case "ArrowLeft":
      return (current - 1 + count) % count;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}
