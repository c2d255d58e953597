// Copies the API reference renderer (Swagger UI, which renders OpenAPI 3.1) into dist/api-docs/,
// where the binary serves it at /api/docs/*. Runs after `vite build`; nothing is fetched at run time.
import { copyFileSync, existsSync, mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(here, "..", "dist");
const target = join(dist, "api-docs");
const require = createRequire(import.meta.url);
const source = dirname(require.resolve("swagger-ui-dist/package.json"));
// [file in the package, name in dist/api-docs]; the licence files get .txt so the server labels them text.
const files = [
  ["swagger-ui.css", "swagger-ui.css"],
  ["swagger-ui-bundle.js", "swagger-ui-bundle.js"],
  ["swagger-ui-bundle.js.LICENSE.txt", "swagger-ui-bundle.js.LICENSE.txt"],
  ["LICENSE", "LICENSE.txt"],
  ["NOTICE", "NOTICE.txt"],
];
const required = new Set(["swagger-ui.css", "swagger-ui-bundle.js"]);

if (!existsSync(join(dist, "index.html"))) {
  console.error(`copy-api-docs: ${dist}/index.html is missing; run vite build first`);
  process.exit(1);
}
mkdirSync(target, { recursive: true });
let bytes = 0;
for (const [name, as] of files) {
  const from = join(source, name);
  if (!existsSync(from)) {
    if (required.has(name)) {
      console.error(`copy-api-docs: ${from} is missing; is swagger-ui-dist installed (npm ci)?`);
      process.exit(1);
    }
    continue;
  }
  copyFileSync(from, join(target, as));
  bytes += statSync(from).size;
}
console.log(`copy-api-docs: API reference renderer copied to dist/api-docs/ (${Math.round(bytes / 1024)} KiB)`);
