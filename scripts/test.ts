/**
 * `npm test`: runs `bun test` with a JUnit report beside its console output,
 * then prints the closing line CI reads — `N passed, N failed, N skipped` —
 * counted from that report, not from bun's own summary.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const report = join(root, ".test-results", "junit.xml");
mkdirSync(join(root, ".test-results"), { recursive: true });
rmSync(report, { force: true });

// The adapters run from their bundles: build them from the current sources first.
const built = spawnSync(process.execPath, [join(root, "scripts", "build.ts")], { cwd: root, stdio: "inherit" });
if (built.status !== 0) {
  console.log("0 passed, 1 failed, 0 skipped");
  process.exit(1);
}

// Each test spawns runtimes; on a loaded 2-core machine Bun's 5 s default is too short (bunfig has no timeout key).
const run = spawnSync(process.execPath, ["test", "--timeout=120000", "--reporter=junit", `--reporter-outfile=${report}`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
});

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const xml = readFileSync(report, "utf8");
  for (const [, body] of xml.matchAll(/<testcase\b[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
    if (body && /<(failure|error)\b/.test(body)) failed++;
    else if (body && /<skipped\b/.test(body)) skipped++;
    else passed++;
  }
} catch {
  console.error("scripts/test.ts: bun test wrote no JUnit report");
}
// A crash outside any test (a file that fails to load) shows only in the exit code: count it.
if (run.status !== 0 && failed === 0) failed = 1;
if (passed + failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
