/** The Bun plugin in `Bun.build`: an app bundled straight from its pixels, its sources gone. */
import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { join } from "node:path";
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
