/** Every pxos setting is read from the environment in one module, with one rule per variable. */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { envWithSource, resolveOptions } from "@pxos/core";
import { ENVIRONMENT, pxosEnv } from "../../packages/core/src/runtime/index.ts";
import { REPO } from "../support/runtimes.ts";

const OPTIONS_MODULE = "packages/core/src/runtime/options.ts";
const sources = readdirSync(join(REPO, "packages"), { recursive: true, encoding: "utf8" })
  .filter((f) => /\/src\/.*\.ts$/.test(f) && !f.includes("node_modules"))
  .map((f) => relative(REPO, join(REPO, "packages", f)));
/** What reads a variable: `env.X`, `env["X"]`, `env("X")`, `env.get("X")`, or picking it out of an object (`{ X: _ }`). */
const READ = /\benv\s*(?:\.\s*|\[\s*["'`]|\(\s*["'`]|\.get\(\s*["'`])PXOS_[A-Z_]+|\bPXOS_[A-Z_]+\s*:\s*_|["'`]PXOS_[A-Z_]+["'`]\s*[,\]]/g;

describe("options", () => {
  test("the PXOS_* variables the code names are exactly the options module's", () => {
    const named = new Set(sources.flatMap((f) => readFileSync(join(REPO, f), "utf8").match(/\bPXOS_[A-Z_]+[A-Z]\b/g) ?? []));
    expect([...named].sort()).toEqual(Object.values(ENVIRONMENT).sort());
  });

  test("only the options module reads a PXOS_* variable", () => {
    const readers = sources.flatMap((f) => [...readFileSync(join(REPO, f), "utf8").matchAll(READ)].map((m) => `${f}: ${m[0]}`));
    expect(readers.filter((r) => !r.startsWith(`${OPTIONS_MODULE}:`))).toEqual([]);
    expect(readers.length).toBeGreaterThan(0);
  });

  test("every variable is documented", () => {
    const docs = readFileSync(join(REPO, "docs", "adapters.md"), "utf8");
    for (const name of Object.values(ENVIRONMENT)) expect(new RegExp(`\\b${name}\\b(?!_)`).test(docs), `docs/adapters.md names ${name}`).toBe(true);
  });

  test("options given win over the environment, which wins over the defaults", () => {
    const env = {
      PXOS_MANIFEST: "env.json",
      PXOS_TRUST: "env.pub",
      PXOS_TRUST_MIN_RELEASE: "3",
      PXOS_CACHE_DIR: "/c",
      PXOS_DEBUG: "1",
      PXOS_NODE_HOOKS: "async",
    };
    expect(resolveOptions({}, env)).toEqual({
      manifest: "env.json",
      cartridge: undefined,
      trust: "env.pub",
      trustMinRelease: 3,
      trustState: undefined,
      cacheDir: "/c",
      debug: true,
      nodeHooks: "async",
      maxPixels: undefined,
    });
    const given = resolveOptions({ manifest: "m.json", trust: "k.pub", trustMinRelease: 5, cacheDir: false, debug: false, maxPixels: 9 }, env);
    expect(given).toMatchObject({ manifest: "m.json", trust: "k.pub", trustMinRelease: 5, cacheDir: undefined, debug: false, maxPixels: 9 });
    expect(resolveOptions({}, {})).toMatchObject({ manifest: "pixel_manifest.json", trust: undefined, debug: false, nodeHooks: undefined });
  });

  test("PXOS_DEBUG is on for 1 only, everywhere", () => {
    for (const value of ["0", "true", "yes", ""]) expect(resolveOptions({}, { PXOS_DEBUG: value }).debug).toBe(false);
    expect(resolveOptions({}, { PXOS_DEBUG: "1" }).debug).toBe(true);
  });

  test("a release setting without a trust key, or a release that is not a number, is a usage error", () => {
    expect(() => resolveOptions({}, { PXOS_TRUST_STATE: "s" })).toThrow(/needs a trust key \(PXOS_TRUST or the trust option\) \[USAGE\]$/);
    expect(() => resolveOptions({}, { PXOS_TRUST: "k.pub", PXOS_TRUST_MIN_RELEASE: "x" })).toThrow(/PXOS_TRUST_MIN_RELEASE must be a non-negative integer/);
  });

  test("the resolved options are plain data that survive a structured clone", () => {
    const options = resolveOptions({ manifest: "m.json", trust: "k.pub", trustMinRelease: 2 }, {});
    expect(structuredClone(options)).toEqual(options);
  });

  test("a worker or child gets the PXOS_* variables set, and a child the source it runs", () => {
    expect(pxosEnv({ PXOS_TRUST: "k.pub", PXOS_CACHE: "0", HOME: "/h" })).toEqual({ PXOS_TRUST: "k.pub", PXOS_CACHE: "0" });
    expect(envWithSource({ PXOS_MANIFEST: "a.json", PXOS_CARTRIDGE: "c.png", HOME: "/h" }, { path: "/app/x.pxc.png", cartridge: true })).toEqual({
      HOME: "/h",
      PXOS_CARTRIDGE: "/app/x.pxc.png",
    });
  });
});
