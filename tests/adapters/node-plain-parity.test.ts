/**
 * Node from pixels prints what plain Node prints, for every specifier kind: each fixture runs as
 * plain files, then from pixels with every module file on disk replaced by a stub that throws
 * (and each package.json by `{}`), so a disk copy that quietly wins, or a package.json read from
 * disk, shows at once.
 */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeProject, Manifest } from "@pxos/core";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

const FIXTURES = [
  "commonjs",
  "commonjs-folder",
  "commonjs-nested",
  "package-conditions-require",
  "package-exports",
  "package-imports",
  "package-json-pixels-only",
  "workspace-package",
];
const STUB = 'throw new Error("the disk copy ran");\n';

for (const runtime of ["node22", "node24"] as const) {
  describe(`${runtime} from pixels matches plain ${runtime}`, () => {
    test.each(FIXTURES)(
      "%s",
      (name) => {
        const source = join(REPO, "tests", "conformance", "fixtures", name);
        const dir = join(REPO, "tests", ".work", "node-parity", runtime, name);
        rmSync(dir, { recursive: true, force: true });
        cpSync(source, dir, { recursive: true, verbatimSymlinks: true });
        const { entry } = JSON.parse(readFileSync(join(dir, "fixture.json"), "utf8")) as { entry: string };
        const run = (args: string[]) => spawnSync(runtimeBinary(runtime), [...args, entry], { cwd: dir, encoding: "utf8", timeout: 30_000 });
        const plain = run([]);
        expect(plain.stderr).toBe("");
        const manifest = Manifest.load(encodeProject({ root: dir }).manifestPath);
        for (const key of manifest.keys()) writeFileSync(join(dir, key), key.endsWith("package.json") ? "{}\n" : STUB);
        const pixels = run(["--import", "@pxos/node-hook/register"]);
        expect(pixels.stderr).toBe("");
        expect(pixels.stdout).toBe(plain.stdout);
      },
      60_000,
    );
  });
}
