/** Every documented way to install the Bun plugin boots the example from pixels. */
import { beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeProject, generateSigningKeys, signManifest } from "@pxos/core";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

const dir = join(REPO, "tests", ".work", "bun-preload");
rmSync(dir, { recursive: true, force: true });
cpSync(join(REPO, "examples", "hello"), dir, { recursive: true, filter: (p) => !p.includes("pixel_") });
encodeProject({ root: dir });
writeFileSync(join(dir, "src", "greet.ts"), 'export const greet = () => "DISK";\n');

const boot = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(runtimeBinary("bun"), args, { cwd: dir, encoding: "utf8", env: { ...process.env, ...env } });

test.each([
  ["--preload @pxos/bun-plugin/preload", ["--preload", "@pxos/bun-plugin/preload", "boot.ts"]],
  ["--preload pxos (the design card's words)", ["--preload", "pxos", "boot.ts"]],
])("bun %s", (_, args) => {
  const run = boot(args);
  expect(run.stderr).toBe("");
  expect(run.stdout).toContain("Hello, pixel world! Every line of this app was read from pixels.");
  expect(run.stdout).toContain("7 modules were served from pixels");
});

test("preload in bunfig.toml, with the manifest from PXOS_MANIFEST and PXOS_DEBUG logging", () => {
  writeFileSync(join(dir, "bunfig.toml"), 'preload = ["@pxos/bun-plugin/preload"]\n');
  try {
    const run = boot(["boot.ts"], { PXOS_MANIFEST: join(dir, "pixel_manifest.json"), PXOS_DEBUG: "1" });
    expect(run.stdout).toContain("Every line of this app was read from pixels.");
    expect(run.stderr).toContain("[pxos] pixels src/greet.ts ← ");
  } finally {
    rmSync(join(dir, "bunfig.toml"));
  }
});

test("no manifest: the preload stops with core's clear error", () => {
  const run = boot(["--preload", "@pxos/bun-plugin/preload", "boot.ts"], { PXOS_MANIFEST: join(dir, "missing.json") });
  expect(run.status).not.toBe(0);
  expect(run.stderr).toContain("missing.json: manifest not found (run `pxos encode` first) [NOT_FOUND]");
});

describe("under a trust key", () => {
  const signed = join(REPO, "tests", ".work", "bun-preload-trust");
  const key = `${signed}.key.pub`;
  /** Records each built-in a module fetches with process.getBuiltinModule (as core fetches node:crypto), printed at exit. */
  const spy = `${signed}.spy.mjs`;
  const trusted = (env: Record<string, string> = {}) =>
    spawnSync(runtimeBinary("bun"), ["--preload", spy, "--preload", "@pxos/bun-plugin/preload", "boot.ts"], {
      cwd: signed,
      encoding: "utf8",
      env: { ...process.env, PXOS_TRUST: key, ...env },
    });
  beforeAll(() => {
    rmSync(signed, { recursive: true, force: true });
    cpSync(join(REPO, "examples", "hello"), signed, { recursive: true, filter: (p) => !p.includes("pixel_") });
    const keys = generateSigningKeys();
    writeFileSync(`${signed}.key`, keys.privatePem);
    writeFileSync(key, keys.publicPem);
    encodeProject({ root: signed });
    signManifest(join(signed, "pixel_manifest.json"), `${signed}.key`);
    writeFileSync(
      spy,
      'const get = process.getBuiltinModule; const asked = new Set();\nprocess.getBuiltinModule = (name) => (asked.add(name.replace(/^node:/, "")), get(name));\nprocess.on("exit", () => console.log("builtins:", [...asked].sort().join(",")));\n',
    );
  });

  test("the signature is checked with Web Crypto: node:crypto, a slow load on Bun, is never fetched", () => {
    const run = trusted();
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("Every line of this app was read from pixels.");
    expect(run.stdout).toMatch(/^builtins: /m);
    expect(run.stdout).not.toMatch(/^builtins: .*\bcrypto\b/m);
  });

  test("only node:worker_threads is patched up front (a worker must never start without the preload), not node:child_process", () => {
    // The app names neither; a fork gets the preload from this process's arguments anyway.
    expect(trusted().stdout).toMatch(/^builtins: worker_threads$/m);
  });

  test("a manifest changed after signing is still refused, with the same error", () => {
    const manifest = join(signed, "pixel_manifest.json");
    const text = readFileSync(manifest, "utf8");
    try {
      writeFileSync(manifest, text.replace('"version": 1', '"version": 1 '));
      const run = trusted();
      expect(run.status).not.toBe(0);
      expect(run.stdout).not.toContain("read from pixels");
      expect(run.stderr).toContain("the signature does not match: this changed after signing [BAD_SIGNATURE]");
    } finally {
      writeFileSync(manifest, text);
    }
  });
});

test("the preload's bundle imports no built-in at start but what every run needs: each other costs every Bun start (BENCHMARKS.md, Measured once)", () => {
  const bundle = readFileSync(join(REPO, "packages", "bun-plugin", "dist", "preload.mjs"), "utf8");
  const imported = new Set([...bundle.matchAll(/^import .* from "(node:[^"]+)";$/gm)].map((m) => m[1]));
  // node:module for createRequire, which must be routed before any app code imports it (helpers.ts).
  expect([...imported].sort()).toEqual(["node:fs", "node:module", "node:path"]);
});
