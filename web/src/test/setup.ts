import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

// Testing Library unmounts between tests by itself only when test globals are on; they are off here.
afterEach(() => {
  cleanup();
});

// jsdom has no isContentEditable, and Slate answers keys, focus and selections only in an element
// that is.
Object.defineProperty(HTMLElement.prototype, "isContentEditable", {
  configurable: true,
  get(this: HTMLElement) {
    return this.closest('[contenteditable="true"]') !== null;
  },
});
