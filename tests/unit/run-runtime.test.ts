/**
 * `pxos run --runtime R` runs R or refuses in one line: under `bunx --bun` the first `node` on
 * PATH is Bun, which ignores `--import` and would run the sources from disk.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { encodeProject } from "@pxos/core";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

const BIN = join(REPO, "packages", "pxos", "bin", "pxos.mjs");
const app = join(REPO, "tests", ".work", "run-runtime");
/** A `node` that is Bun, as `bunx --bun` makes one. */
const bunAsNode = join(app, "bun-shim");

beforeAll(() => {
  rmSync(app, { recursive: true, force: true });
  mkdirSync(bunAsNode, { recursive: true });
  symlinkSync(runtimeBinary("bun"), join(bunAsNode, "node"));
  writeFileSync(join(app, "main.ts"), 'console.log(process.versions.bun ? "ran on Bun" : "ran on Node");\n');
  encodeProject({ root: app });
  // The sources on disk throw: only the pixels can print.
  writeFileSync(join(app, "main.ts"), 'throw new Error("ran the source from disk");\n');
});

/** `pxos run main.ts --runtime node`, from Bun as `bunx --bun pxos` runs it, with this PATH. */
const runOnNode = (path: string[]) =>
  spawnSync(runtimeBinary("bun"), [BIN, "run", "main.ts", "--runtime", "node"], {
    cwd: app,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", PATH: path.join(":") },
  });

describe("pxos run --runtime node", () => {
  test("passes over a node that is Bun for a real Node further on PATH", () => {
    const r = runOnNode([bunAsNode, dirname(runtimeBinary("node24")), "/usr/bin", "/bin"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("ran on Node\n");
    expect(r.status).toBe(0);
  }, 30_000);

  test("refuses in one line, naming what it found, when the only node is Bun", () => {
    const r = runOnNode([bunAsNode]);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`pxos: no node on PATH to run the pixels with (${join(bunAsNode, "node")} is Bun ${Bun.version}) [NOT_FOUND]\n`);
    expect(r.status).toBe(1);
  }, 30_000);
});
