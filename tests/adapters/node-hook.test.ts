/** @pxos/node-hook: the version gates, and the programmatic register() with its unregister(). */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeProject, generateSigningKeys, isPxosError, Manifest, signManifest } from "@pxos/core";
import { GATES, hookMode } from "@pxos/node-hook";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

describe("version gates", () => {
  test.each([
    ["v22.18.0", "async"],
    ["v22.22.2", "async"],
    ["v22.22.3", "sync"],
    ["v22.23.3", "sync"],
    ["v23.6.0", "async"],
    ["v24.0.0", "async"],
    ["v24.11.1", "sync"],
    ["v24.21.0", "sync"],
    ["v25.0.0", "sync"],
  ])("Node %s gets %s hooks", (version, mode) => {
    expect(hookMode(version, undefined, true)).toBe(mode as "sync" | "async");
  });

  test("PXOS_NODE_HOOKS=async forces module.register", () => {
    expect(hookMode("v24.21.0", "async", true)).toBe("async");
  });

  test.each(["v20.19.0", "v22.17.1"])("Node %s stops with a clear message", (version) => {
    try {
      hookMode(version, undefined, true);
      throw new Error("no error");
    } catch (err) {
      expect(isPxosError(err, "USAGE")).toBe(true);
      expect((err as Error).message).toContain(`needs Node 22.18 or newer (type stripping by default, ${GATES.typeStripping.pr}); this is ${version}`);
    }
  });

  test("every gate links the Node change behind it", () => {
    for (const gate of Object.values(GATES)) expect(gate.pr).toMatch(/^https:\/\/github\.com\/nodejs\/node\/pull\/\d+$/);
  });
});

test.each(["sync", "async"])("register({ mode: %p }) serves pixels until unregister() is called", (mode) => {
  const dir = join(REPO, "tests", ".work", `node-register-${mode}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(REPO, "examples", "hello", "src"), dir, { recursive: true });
  encodeProject({ root: dir });
  writeFileSync(join(dir, "greet.ts"), 'export const greet = () => "from disk";\n');
  writeFileSync(
    join(dir, "run.ts"),
    `import { register } from "@pxos/node-hook";
const unregister = register({ manifest: ${JSON.stringify(join(dir, "pixel_manifest.json"))}, mode: "${mode}" });
console.log((await import("./greet.ts")).greet("you"));
unregister();
console.log((await import("./greet.ts?again")).greet("you"));
`,
  );
  const run = spawnSync(runtimeBinary("node24"), [join(dir, "run.ts")], { cwd: dir, encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.stdout).toBe("Hello, you! Every line of this app was read from pixels.\nfrom disk\n");
});

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
/** A cache entry's file: the JavaScript, then the SHA-256 of it (core/src/cache.ts). */
const asEntry = (js: string) => `${js}\n//# pxos-sha256=${sha256(js)}\n`;
const jsOf = (entry: string) => entry.slice(0, entry.lastIndexOf("\n//# pxos-sha256="));

describe("stripped-JavaScript cache", () => {
  const dir = join(REPO, "tests", ".work", "node-cache");
  const run = (env: Record<string, string> = {}) =>
    spawnSync(runtimeBinary("node24"), ["--import", "@pxos/node-hook/register", "greet-run.ts"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, ...env },
    });
  const setUp = () => {
    rmSync(dir, { recursive: true, force: true });
    cpSync(join(REPO, "examples", "hello", "src"), dir, { recursive: true });
    writeFileSync(join(dir, "greet-run.ts"), 'import { greet } from "./greet.ts";\nconst who: string = "cache";\nconsole.log(greet(who));\n');
    encodeProject({ root: dir });
    const sha = Manifest.load(join(dir, "pixel_manifest.json")).entry("greet.ts")?.sha256;
    const folder = join(dir, ".pxos-cache", "stripped");
    return () => join(folder, readdirSync(folder)[0] as string, `${sha}.js`);
  };

  test("the first run fills it, later runs are served from it, a damaged entry is stripped again", () => {
    const entryOf = setUp();
    expect(run().stdout).toBe("Hello, cache! Every line of this app was read from pixels.\n");
    const entry = entryOf();
    const intact = readFileSync(entry, "utf8");
    expect(intact).not.toContain(": string");
    // An intact entry is what runs: the module is not stripped again.
    expect(asEntry(jsOf(intact))).toBe(intact);
    writeFileSync(entry, asEntry(jsOf(intact).replace("Hello", "Cached hello")));
    expect(run().stdout).toBe("Cached hello, cache! Every line of this app was read from pixels.\n");
    // A damaged one is a miss: stripped again from the verified pixels, and repaired.
    writeFileSync(entry, intact.replace("Hello", "Damaged"));
    expect(run().stdout).toBe("Hello, cache! Every line of this app was read from pixels.\n");
    expect(readFileSync(entry, "utf8")).toBe(intact);
  });

  test("under a trust key the cache is never read: a project may arrive with a planted one", () => {
    const entryOf = setUp();
    const keys = generateSigningKeys();
    writeFileSync(join(dir, "key"), keys.privatePem);
    writeFileSync(join(dir, "key.pub"), keys.publicPem);
    signManifest(join(dir, "pixel_manifest.json"), join(dir, "key"));
    expect(run().status).toBe(0);
    const entry = entryOf();
    writeFileSync(entry, asEntry(jsOf(readFileSync(entry, "utf8")).replace("Hello", "Planted")));
    expect(run().stdout).toStartWith("Planted");
    const trusted = run({ PXOS_TRUST: join(dir, "key.pub") });
    expect(trusted.stderr).toBe("");
    expect(trusted.stdout).toBe("Hello, cache! Every line of this app was read from pixels.\n");
  });

  test("PXOS_CACHE=0 serves the TypeScript and writes nothing", () => {
    setUp();
    const off = run({ PXOS_CACHE: "0" });
    expect(off.stdout).toBe("Hello, cache! Every line of this app was read from pixels.\n");
    expect(existsSync(join(dir, ".pxos-cache"))).toBe(false);
  });
});
