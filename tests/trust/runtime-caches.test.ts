/**
 * The runtimes' own caches of compiled code, under a trust key. Bun's transpiler cache, Node's
 * compile cache and Deno's DENO_DIR hand back code for a source without any signature over it:
 * whoever can write them chooses what runs. So under a trust key they must be writable by the user
 * alone, as Deno's mirror must, and the Node hook keeps the process from turning a compile cache on later.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeProject, generateSigningKeys, signManifestRelease } from "@pxos/core";
import { transpilerCacheDir } from "../../packages/bun-plugin/src/transpiler-cache.ts";
import { denoDir } from "../../packages/deno-loader/src/deno-dir.ts";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

const WORK = join(REPO, "tests", ".work", "runtime-caches");
const app = join(WORK, "app");
const key = join(WORK, "key.pem");

/** A TypeScript module past the 50 KB from which Bun caches what it transpiled. */
const big = `${Array.from({ length: 1500 }, (_, i) => `export function f${i}(a: number): number { return a + ${i}; }`).join("\n")}\n`;

beforeAll(() => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(join(app, "src"), { recursive: true });
  writeFileSync(join(app, "package.json"), '{ "type": "module" }\n');
  writeFileSync(join(app, "src", "big.ts"), big);
  writeFileSync(join(app, "main.ts"), 'import { f7 } from "./src/big.ts";\nconsole.log(f7(1));\n');
  writeFileSync(
    join(app, "enable.ts"),
    'import { enableCompileCache } from "node:module";\nconsole.log(enableCompileCache(process.env.ASKED_DIR as string).status);\n',
  );
  // No cache: no ready JavaScript, so Bun transpiles the module itself.
  encodeProject({ root: app });
  const keys = generateSigningKeys();
  writeFileSync(key, keys.privatePem);
  writeFileSync(`${key}.pub`, keys.publicPem);
  signManifestRelease(join(app, "pixel_manifest.json"), key);
});

const run = (cmd: string[], env: Record<string, string>) =>
  spawnSync(cmd[0] as string, cmd.slice(1), { cwd: app, encoding: "utf8", env: { ...process.env, PXOS_CACHE: "0", ...env } });
const trusted = { PXOS_TRUST: `${key}.pub` };

/** Rewrites the output of the Bun (1.4) transpiler-cache entry in `dir` and keeps the entry valid: its one check is a hash anyone can compute. */
function forge(dir: string, from: string, to: string): void {
  const file = join(dir, readdirSync(dir).find((f) => f.endsWith(".pile")) as string);
  const bytes = readFileSync(file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = (offset: number) => Number(view.getBigUint64(offset, true));
  const [start, length, mapLength] = [at(30), at(38), at(62)];
  const output = bytes.subarray(start, start + length).toString("latin1");
  expect(output).toContain(from);
  const evil = Buffer.from(output.replace(from, to), "latin1");
  const head = Buffer.from(bytes.subarray(0, start));
  const edit = new DataView(head.buffer, head.byteOffset, head.byteLength);
  edit.setBigUint64(38, BigInt(evil.length), true);
  edit.setBigUint64(46, BigInt(Bun.hash.wyhash(evil, 42n)), true);
  edit.setBigUint64(54, BigInt(start + evil.length), true);
  edit.setBigUint64(78, BigInt(start + evil.length + mapLength), true);
  writeFileSync(file, Buffer.concat([head, evil, bytes.subarray(start + length)]));
}

describe("Bun's transpiler cache", () => {
  const bun = (env: Record<string, string>) => run([runtimeBinary("bun"), "--preload", "@pxos/bun-plugin/preload", "main.ts"], env);
  const dir = join(WORK, "bun-cache");

  test("an entry anyone can write stands in for a pixel module Bun transpiles: so under a trust key it must be writable by you alone", () => {
    const env = { BUN_RUNTIME_TRANSPILER_CACHE_PATH: dir };
    expect(bun(env).stdout.trim()).toBe("8");
    forge(dir, "return a + 7;", "return a + 1000;");
    // What the forged entry does without a trust key: the attack is real (and this test's forgery works).
    expect(bun(env).stdout.trim()).toBe("1001");
    chmodSync(dir, 0o777);
    const refused = bun({ ...env, ...trusted });
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr.trim()).toBe(
      `pxos: ${dir}: is writable by every user: Bun runs the JavaScript it cached there for a module it transpiles, and no signature covers it: under a trust key it must be writable by you alone (set BUN_RUNTIME_TRANSPILER_CACHE_PATH to a folder of yours, or 0) [UNSAFE_LOCATION]`,
    );
    // A folder of the user's own, or the cache off: the signed module runs.
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true });
    expect(bun({ ...env, ...trusted }).stdout.trim()).toBe("8");
    expect(bun({ BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0", ...trusted }).stdout.trim()).toBe("8");
  });

  test("a folder not made yet is judged by the one Bun would make it in", () => {
    const parent = join(WORK, "shared");
    mkdirSync(parent, { recursive: true });
    chmodSync(parent, 0o777);
    const refused = bun({ BUN_RUNTIME_TRANSPILER_CACHE_PATH: join(parent, "bun", "@t@"), ...trusted });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`${parent}, above it, is writable by every user`);
    expect(existsSync(join(parent, "bun"))).toBe(false);
  });

  test("where Bun keeps it, by Bun's rules", () => {
    expect(transpilerCacheDir({ BUN_RUNTIME_TRANSPILER_CACHE_PATH: "/c", XDG_CACHE_HOME: "/x", HOME: "/h" })).toBe("/c");
    expect(transpilerCacheDir({ BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0", HOME: "/h" })).toBeUndefined();
    expect(transpilerCacheDir({ BUN_RUNTIME_TRANSPILER_CACHE_PATH: "", HOME: "/h" })).toBeUndefined();
    expect(transpilerCacheDir({ XDG_CACHE_HOME: "/x", HOME: "/h" })).toBe("/x/bun/@t@");
    expect(transpilerCacheDir({ HOME: "/h" }, "linux")).toBe("/h/.bun/install/cache/@t@");
    expect(transpilerCacheDir({ HOME: "/h" }, "darwin")).toBe("/h/Library/Caches/bun/@t@");
  });
});

describe("Node's compile cache", () => {
  const node = (entry: string, env: Record<string, string>) => run([runtimeBinary("node24"), "--import", "@pxos/node-hook/register", entry], env);
  const dir = join(WORK, "node-cache");

  test("on when the hook starts: under a trust key it must be writable by you alone", () => {
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o777);
    const refused = node("main.ts", { NODE_COMPILE_CACHE: dir, ...trusted });
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe("");
    // Node keeps it in a folder of its own inside the one named.
    expect(refused.stderr.trim()).toStartWith(`pxos: ${dir}/v`);
    expect(refused.stderr.trim()).toContain(`${dir}, above it, is writable by every user: V8 runs the bytecode Node cached there`);
    expect(refused.stderr.trim()).toEndWith("[UNSAFE_LOCATION]");
    chmodSync(dir, 0o755);
    expect(node("main.ts", { NODE_COMPILE_CACHE: dir, ...trusted }).stdout.trim()).toBe("8");
  });

  test("off when the hook starts: under a trust key nothing the process runs can turn it on; without one the app can", () => {
    const asked = join(WORK, "asked");
    rmSync(asked, { recursive: true, force: true });
    const status = (env: Record<string, string>) => node("enable.ts", { ASKED_DIR: asked, ...env }).stdout.trim();
    // module.constants.compileCacheStatus: DISABLED is 3, ENABLED 1.
    expect(status(trusted)).toBe("3");
    expect(existsSync(asked)).toBe(false);
    expect(status({})).toBe("1");
  });
});

describe("Deno's DENO_DIR", () => {
  const importMap = (env: Record<string, string>) =>
    run([runtimeBinary("node24"), join(REPO, "packages", "pxos", "bin", "pxos.mjs"), "import-map", "--out", join(WORK, "map.json")], env);
  const dir = join(WORK, "deno-dir");

  test("where Deno keeps its bytecode and emitted JavaScript: under a trust key `pxos import-map` wants it writable by you alone", () => {
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o777);
    const refused = importMap({ DENO_DIR: dir, ...trusted });
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim()).toBe(
      `pxos: ${dir}: is writable by every user: Deno runs the bytecode and the JavaScript it cached there for the mirrored modules, and no signature covers them: under a trust key DENO_DIR must be writable by you alone (set DENO_DIR to a folder of yours) [UNSAFE_LOCATION]`,
    );
    // Without a trust key there is nothing to protect; a folder of the user's own is fine.
    expect(importMap({ DENO_DIR: dir }).status).toBe(0);
    chmodSync(dir, 0o755);
    expect(importMap({ DENO_DIR: dir, ...trusted }).status).toBe(0);
  });

  test("where Deno keeps it, as `deno info` prints", () => {
    expect(denoDir({ DENO_DIR: "/d", XDG_CACHE_HOME: "/x", HOME: "/h" })).toBe("/d");
    expect(denoDir({ XDG_CACHE_HOME: "/x", HOME: "/h" }, "linux")).toBe("/x/deno");
    expect(denoDir({ XDG_CACHE_HOME: "relative", HOME: "/h" }, "linux")).toBe("/h/.cache/deno");
    expect(denoDir({ HOME: "/h" }, "darwin")).toBe("/h/Library/Caches/deno");
    const printed = spawnSync(runtimeBinary("deno"), ["info", "--json"], {
      encoding: "utf8",
      env: { ...process.env, DENO_DIR: "", XDG_CACHE_HOME: join(WORK, "xdg") },
    });
    expect(JSON.parse(printed.stdout).denoDir).toBe(denoDir({ XDG_CACHE_HOME: join(WORK, "xdg"), HOME: process.env.HOME }));
  });
});
