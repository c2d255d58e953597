// Validates Kubernetes manifests against the API schemas of the npm kubernetes-models package,
// offline: `node validate-k8s.mjs FILE...`, or the multi-document YAML on standard input (what
// `kubectl kustomize k8s` prints). Prints one line per object; exits 1 when any is invalid or of
// a kind the schemas do not know.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const sources = process.argv.length > 2
  ? process.argv.slice(2).map((file) => [file, readFileSync(file, 'utf8')])
  : [['<stdin>', readFileSync(0, 'utf8')]];

let failures = 0;
let count = 0;
for (const [source, text] of sources) {
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length) {
      console.log(`FAIL ${source}: YAML: ${document.errors[0].message}`);
      failures++;
      continue;
    }
    const object = document.toJS();
    if (object == null) continue;
    count++;
    const { apiVersion, kind } = object;
    const name = `${source}: ${kind ?? '?'} ${object.metadata?.name ?? '?'}`;
    let Model;
    try {
      // core/v1 objects live at the package's top level (kubernetes-models/v1/Service).
      ({ [kind]: Model } = await import(`kubernetes-models/${apiVersion}/${kind}`));
    } catch {
      console.log(`FAIL ${name}: no schema for ${apiVersion} ${kind}`);
      failures++;
      continue;
    }
    try {
      new Model(object).validate();
      console.log(`ok   ${name}`);
    } catch (error) {
      console.log(`FAIL ${name}: ${error.message}`);
      failures++;
    }
  }
}
console.log(`${count} objects, ${failures} invalid`);
process.exit(failures ? 1 : 0);
