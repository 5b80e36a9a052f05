// Writes generated/<name>.ts for every dashboards/*.json: the JSON as an object literal assigned
// to a ScemDashboard constant, so that tsc checks it with excess-property checks (a literal, not a
// value read at run time, is what makes TypeScript reject unknown keys).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dashboards = join(here, '..');
const out = join(here, 'generated');
rmSync(out, { recursive: true, force: true });
mkdirSync(out);

const files = readdirSync(dashboards).filter((f) => f.endsWith('.json')).sort();
if (files.length === 0) {
  console.error(`no dashboard JSON in ${dashboards}`);
  process.exit(1);
}
for (const file of files) {
  const text = readFileSync(join(dashboards, file), 'utf8');
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    console.error(`${file}: not JSON: ${e.message}`);
    process.exit(1);
  }
  const name = basename(file, '.json').replace(/[^A-Za-z0-9]/g, '_');
  // Line-for-line the JSON file (pretty-printed the same way), so tsc's line numbers point into it
  // after the one header line.
  const body = JSON.stringify(json, null, 2);
  writeFileSync(
    join(out, `${name}.ts`),
    `import type { ScemDashboard } from '../scem-dashboard.js'; export const ${name}: ScemDashboard = ${body};\n`,
  );
}
console.log(`schema-check: ${files.length} dashboards: ${files.join(', ')}`);
