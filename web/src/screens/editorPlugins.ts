// What the editor lets a writer format. The stored document keeps every mark and block type; the
// book's text gets the words alone (the server writes each block back as a plain paragraph).
import { BlockquotePlugin, BoldPlugin, H2Plugin, H3Plugin, ItalicPlugin, UnderlinePlugin } from "@platejs/basic-nodes/react";
import { SceneBreakPlugin } from "./SceneBreak";

export const editorPlugins = [
  BoldPlugin,
  ItalicPlugin,
  UnderlinePlugin,
  H2Plugin,
  H3Plugin,
  BlockquotePlugin,
  SceneBreakPlugin,
];
