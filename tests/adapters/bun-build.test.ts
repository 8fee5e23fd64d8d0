/** The Bun plugin in `Bun.build`: an app bundled straight from its pixels, its sources gone. */
import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pxosPlugin } from "@pxos/bun-plugin";
import { encodeProject } from "@pxos/core";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

test("Bun.build bundles an app from pixels, and the bundle runs without pxos", async () => {
  const dir = join(REPO, "tests", ".work", "bun-build");
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(REPO, "examples", "hello", "src"), join(dir, "src"), { recursive: true });
  const plain = spawnSync(runtimeBinary("bun"), [join(dir, "src", "main.ts")], { encoding: "utf8" }).stdout;
  encodeProject({ root: dir });
  for (const file of ["greet.ts", "lib/table.ts", "lib/planets.ts", "lib/index.ts", "config.json"]) rmSync(join(dir, "src", file));
  const result = await Bun.build({
    entrypoints: [join(dir, "src", "main.ts")],
    outdir: join(dir, "dist"),
    target: "bun",
    plugins: [pxosPlugin({ manifest: join(dir, "pixel_manifest.json") })],
  });
  expect(result.logs.map(String)).toEqual([]);
  expect(result.success).toBe(true);
  const bundle = result.outputs[0]?.path as string;
  const run = spawnSync(runtimeBinary("bun"), [bundle], { encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.stdout.split("\n").slice(0, -2)).toEqual(plain.split("\n").slice(0, -2));
  expect(run.stdout).toContain("Hello, pixel world!");
});

test("Bun.build from pixels: an extensionless import, CommonJS and a # import, their files gone", async () => {
  const dir = join(REPO, "tests", ".work", "bun-build-kinds");
  rmSync(dir, { recursive: true, force: true });
  const files: Record<string, string> = {
    "main.ts": 'import { u } from "./lib/u";\nimport d from "./lib/d.cjs";\nimport x from "#x";\nconsole.log(u, d.v, x);\n',
    "lib/u.ts": 'export const u = "extensionless";\n',
    "lib/d.cjs": 'module.exports = { v: "commonjs" };\n',
    "lib/x.ts": 'export default "hash-import";\n',
    "package.json": '{ "type": "module", "imports": { "#x": "./lib/x.ts" } }\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  encodeProject({ root: dir });
  rmSync(join(dir, "lib"), { recursive: true });
  const result = await Bun.build({
    entrypoints: [join(dir, "main.ts")],
    outdir: join(dir, "dist"),
    target: "bun",
    plugins: [pxosPlugin({ manifest: join(dir, "pixel_manifest.json") })],
  });
  expect(result.logs.map(String)).toEqual([]);
  const run = spawnSync(runtimeBinary("bun"), [result.outputs[0]?.path as string], { encoding: "utf8" });
  expect(run.stdout).toBe("extensionless commonjs hash-import\n");
});
