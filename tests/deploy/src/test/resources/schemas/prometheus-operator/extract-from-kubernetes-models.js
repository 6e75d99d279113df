// Reads the ScaledObject schema literal that @kubernetes-models/keda@0.3.2 generated from KEDA v2.10.1's CRD,
// and writes it back as JSON: the "nullable" flags that the generator added to optional fields are dropped and
// metadata is typed as a plain object, as in the CRD's own openAPIV3Schema.
const fs = require('fs');
const vm = require('vm');
const src = fs.readFileSync(process.argv[2], 'utf8');
const start = src.indexOf('const schema = ');
const end = src.indexOf('\n};', start);
const schema = vm.runInNewContext('(' + src.substring(start + 'const schema = '.length, end + 2) + ')');
function strip(node) {
  if (Array.isArray(node)) return node.map(strip);
  if (node && typeof node === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(node)) { if (k !== 'nullable') out[k] = strip(v); }
    return out;
  }
  return node;
}
const out = strip(schema);
out.properties.metadata = { type: 'object' };
fs.writeFileSync(process.argv[3], JSON.stringify(out, null, 2) + '\n');
