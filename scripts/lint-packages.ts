/**
 * `npm run lint` (after the build): each package as it would be published — packed once, then
 * publint (packaging mistakes, `--strict`: warnings fail too) and Are the Types Wrong (types that
 * resolve the way the JavaScript does, for ES-module consumers) on the tarball; and the JSR
 * packages through `deno publish --dry-run` (scripts/jsr.ts: slow types, file lists, offline).
 * Exits 1 on any finding.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JSR_PACKAGES, publishDryRun } from "./jsr.ts";

const root = join(import.meta.dirname, "..");
const bin = (name: string) => join(root, "node_modules", ".bin", name);
const packages = ["core", "bun-plugin", "node-hook", "deno-loader", "pxos"];
const packs = mkdtempSync(join(tmpdir(), "pxos-lint-"));
let failed = false;
const run = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) failed = true;
};
try {
  // dist/ is already built (npm ci, npm run build): packing skips prepack's build.
  run("npm", ["pack", "--ignore-scripts", "--silent", ...packages.flatMap((p) => ["-w", `packages/${p}`]), "--pack-destination", packs]);
  for (const tarball of readdirSync(packs).sort()) {
    run(bin("publint"), ["run", join(packs, tarball), "--strict"]);
    run(bin("attw"), [join(packs, tarball), "--profile", "esm-only", "--format", "table-flipped", "--no-color"]);
  }
  const jsr = publishDryRun(join(packs, "deno"));
  const missing = Object.values(JSR_PACKAGES).filter((name) => !jsr.files[name]);
  if (!jsr.ok || missing.length) {
    process.stderr.write(`${jsr.output}\ndeno publish --dry-run: ${jsr.ok ? `${missing.join(", ")} not published` : "failed"}\n`);
    failed = true;
  } else for (const [name, files] of Object.entries(jsr.files)) console.log(`deno publish --dry-run: ${name}, ${files.length} files`);
} finally {
  rmSync(packs, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
