/** @pxos/node-hook: the version gates, and the programmatic register() with its unregister(). */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { encodeProject, generateSigningKeys, isPxosError, Manifest, signManifest } from "@pxos/core";
import { sha256 as jsSha256 } from "../../packages/core/src/codec/sha256.ts";
import { withRealRequire } from "../../packages/node-hook/src/commonjs.ts";
import { pathToUrl, urlToPath } from "../../packages/node-hook/src/file-url.ts";
import { mayHaveModuleSyntax } from "../../packages/node-hook/src/format.ts";
import { GATES, hookMode, passes } from "../../packages/node-hook/src/gates.ts";
import { JS_HASH_LIMIT, nodeHookPlatform } from "../../packages/node-hook/src/platform.ts";
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

  test.each([
    ["v22.23.3", false],
    ["v24.11.1", false],
    ["v24.12.0", true],
    ["v24.21.0", true],
    ["v25.1.0", false],
    ["v25.2.0", true],
    ["v26.0.0", true],
  ])("Node %s gives imported CommonJS its own require(): %p", (version, own) => {
    expect(passes(GATES.cjsThroughHooks, version)).toBe(own);
  });

  test("every gate links the Node change behind it", () => {
    for (const gate of Object.values(GATES)) expect(gate.pr).toMatch(/^https:\/\/github\.com\/nodejs\/node\/pull\/\d+$/);
  });
});

describe("a .js module of no package type: the lexer only where module syntax may be", () => {
  // The lexer compiles its WebAssembly on first use; CommonJS that names import or export in a comment (semver, debug, iconv-lite) paid it.
  test.each([
    ["module.exports = { exports: 1, importer: 2 };\n"],
    ["// export the parser\nmodule.exports = parse;\n"],
    ["\t// eslint-disable-next-line import/no-extraneous-dependencies\nconst x = require('y');\n"],
    ["/**\n * Export it\n * @export\n */\nmodule.exports = 1;\n"],
    ["/* eslint-disable import/no-commonjs */\nmodule.exports = 1;\n"],
  ])("none in %p", (source) => {
    expect(mayHaveModuleSyntax(source)).toBe(false);
  });
  test.each([
    ["export default 1;\n"],
    ["  import x from 'y';\n"],
    ["/* v1 */ export const v = 1;\n"],
    ["/**\n * doc\n */ export function f() {}\n"],
    ["const y = a\n* b; export const x = 1;\n"],
    ["const y = a\n* import.meta.url.length;\n"],
    ["// a\r\nexport const x = 1;\r\n"],
    ["const s = 'export';\n"],
  ])("maybe in %p (the lexer decides)", (source) => {
    expect(mayHaveModuleSyntax(source)).toBe(true);
  });
});

describe("the real require() swapped into CommonJS for Node below the gate", () => {
  const swapped = (source: string) => withRealRequire(source).replace('if (!require.cache) require = module.constructor["pxos:require"](module);', "<swap>");
  test.each([
    ["module.exports = 1;\n", "<swap>module.exports = 1;\n"],
    ['"use strict";\nmodule.exports = 1;\n', '"use strict";\n<swap>module.exports = 1;\n'],
    ["#!/usr/bin/env node\n'use strict'\nrequire('x');\n", "#!/usr/bin/env node\n'use strict'\n<swap>require('x');\n"],
    ["// a\n/* b */ exports.a = 1;", "// a\n/* b */ <swap>exports.a = 1;"],
  ])("after the prologue, adding no line: %j", (source, expected) => {
    expect(swapped(source)).toBe(expected);
  });

  test("it swaps only a require() without require.cache", () => {
    const run = (require: object) => {
      const module = { constructor: { "pxos:require": () => ({ cache: {}, real: true }) } };
      return new Function("require", "module", `${withRealRequire("")}; return require;`)(require, module);
    };
    expect(run({})).toEqual({ cache: {}, real: true });
    const own = { cache: {} };
    expect(run(own)).toBe(own);
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

test.each(["sync", "async"])("register({ mode: %p }) serves require() from pixels until unregister() is called", (mode) => {
  const dir = join(REPO, "tests", ".work", `node-require-${mode}`);
  rmSync(dir, { recursive: true, force: true });
  const files: Record<string, string> = {
    "lib/a.cjs": 'module.exports = "cjs";\n',
    "lib/b.cts": "const n: number = 2;\nmodule.exports = 'cts ' + n;\n",
    "lib/c.json": '{ "json": true }\n',
    "esm/package.json": '{ "type": "module" }\n',
    "esm/d.js": 'import { e } from "./e.ts";\nexport const d = "esm+" + e;\n',
    "esm/e.ts": 'export const e: string = "ts";\n',
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  encodeProject({ root: dir });
  writeFileSync(join(dir, "lib/a.cjs"), 'module.exports = "from disk";\n');
  for (const file of ["lib/b.cts", "lib/c.json", "esm/d.js", "esm/e.ts"]) rmSync(join(dir, file));
  writeFileSync(
    join(dir, "run.mjs"),
    `import { createRequire } from "node:module";
import { register } from "@pxos/node-hook";
const require = createRequire(import.meta.url);
const unregister = register({ manifest: ${JSON.stringify(join(dir, "pixel_manifest.json"))}, mode: "${mode}" });
console.log(require("./lib/a.cjs"), require("./lib/b.cts"), require("./lib/c.json").json, require("./esm/d.js").d);
console.log(require.resolve("./lib/b.cts") in require.cache);
unregister();
delete require.cache[require.resolve("./lib/a.cjs")];
console.log(require("./lib/a.cjs"));
`,
  );
  const run = spawnSync(runtimeBinary("node24"), [join(dir, "run.mjs")], { cwd: dir, encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.stdout).toBe("cjs cts 2 true esm+ts\ntrue\nfrom disk\n");
});

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The stripped-JavaScript pack, as docs/formats.md describes it: its entries by source SHA-256. */
function packEntries(file: string): Record<string, string> {
  const bytes = readFileSync(file);
  const head = bytes.indexOf(10);
  const end = bytes.indexOf(10, head + 1);
  const index = JSON.parse(bytes.subarray(head + 1, end).toString()) as Record<string, [number, number, string]>;
  const body = bytes.subarray(end + 1);
  return Object.fromEntries(Object.entries(index).map(([sha, [from, to]]) => [sha, body.subarray(from, to).toString()]));
}

function writePack(file: string, entries: Record<string, string>): void {
  const index: Record<string, [number, number, string]> = {};
  const bodies: Buffer[] = [];
  let at = 0;
  for (const [sha, js] of Object.entries(entries)) {
    const bytes = Buffer.from(js);
    index[sha] = [at, at + bytes.length, sha256(js)];
    bodies.push(bytes);
    at += bytes.length;
  }
  writeFileSync(file, Buffer.concat([Buffer.from(`pxos-stripped 1\n${JSON.stringify(index)}\n`), ...bodies]));
}

describe("SHA-256 without node:crypto for a small app's first sources", () => {
  const native = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
  const hex = (digest: Uint8Array) => Buffer.from(digest).toString("hex");
  const bytes = (n: number, seed = 0) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);

  test("the JavaScript digest is node:crypto's for every length of one, two and three blocks, and for a large input", () => {
    for (let n = 0; n <= 200; n++) expect(hex(jsSha256(bytes(n, n)))).toBe(native(bytes(n, n)));
    expect(hex(jsSha256(bytes(300_001)))).toBe(native(bytes(300_001)));
  });

  test.each([
    ["unknown (a cartridge being read)", undefined],
    ["small", JS_HASH_LIMIT],
    ["large", JS_HASH_LIMIT + 1],
  ])("the hook's platform gives node:crypto's digests, and as hex, for a project of size %s", (_, size) => {
    const platform = nodeHookPlatform(() => size);
    for (const input of [bytes(0), bytes(1000, 1), bytes(70_000, 2)]) {
      expect(hex(platform.sha256(input))).toBe(native(input));
      expect(platform.sha256Hex?.(input)).toBe(native(input));
    }
  });

  /** A project of one module `file`, encoded, its source deleted; `run` starts it from pixels with pxos's cache beside it. */
  const oneModule = (name: string, runtime: "node22" | "node24", file: string, text: string) => {
    const dir = join(REPO, "tests", ".work", `${name}-${runtime}`);
    const cache = `${dir}.pxos-cache`;
    rmSync(dir, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, file), text);
    // No stripped form derived at encode: for TypeScript, the hook strips it and keeps the JavaScript in its pack.
    encodeProject({ root: dir });
    rmSync(join(dir, file));
    const run = () =>
      spawnSync(runtimeBinary(runtime), ["--import", "@pxos/node-hook/register", file], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, PXOS_CACHE_DIR: cache },
      });
    return { cache, run };
  };

  test.each(["node22", "node24"] as const)("%s: a one-module app starts without node:crypto, and a pack entry tampered with is still not served", (runtime) => {
    const { cache, run } = oneModule(
      "node-no-crypto",
      runtime,
      "main.mjs",
      'console.log("from the pixels", process.moduleLoadList.includes("NativeModule crypto"));\n',
    );
    for (let i = 0; i < 2; i++) expect(run().stdout).toBe("from the pixels false\n");
    const packs = join(cache, "sources");
    const file = join(packs, readdirSync(packs)[0] as string);
    writeFileSync(file, readFileSync(file, "utf8").replace("from the pixels", "from the attacker"));
    const tampered = run();
    expect(tampered.stderr).toBe("");
    expect(tampered.stdout).toBe("from the pixels false\n");
  });

  test.each(["node22", "node24"] as const)("%s: a one-module TypeScript app served from the stripped-JavaScript pack starts without node:crypto", (runtime) => {
    const { cache, run } = oneModule(
      "node-no-crypto-ts",
      runtime,
      "main.ts",
      'const loaded: boolean = process.moduleLoadList.includes("NativeModule crypto");\nconsole.log("typed", loaded);\n',
    );
    expect(run().stdout).toBe("typed false\n");
    expect(readdirSync(join(cache, "stripped"))).toHaveLength(1);
    const served = run();
    expect(served.stderr).toBe("");
    expect(served.stdout).toBe("typed false\n");
  });
});

test("module paths and their file: URLs convert as node:url converts them, whatever characters the path holds", () => {
  const chars = Array.from({ length: 0x250 - 32 }, (_, i) => String.fromCharCode(i + 32)).concat(["\u3042", "\u{1f600}"]);
  const paths = chars.flatMap((c) => [`/app/x${c}y/m.mjs`, `/${c}`, `/app/${c}${c}/m.js`]).concat(["/app/./m.js", "/app/../m.js", "/app//m.js", "/app/src/"]);
  for (const path of paths) {
    const url = pathToFileURL(path).href;
    expect(pathToUrl(path)).toBe(url);
    expect(urlToPath(url)).toBe(fileURLToPath(url));
    expect(urlToPath(`${url}?x#y`)).toBe(fileURLToPath(`${url}?x#y`));
  }
});

describe("stripped-JavaScript cache", () => {
  const dir = join(REPO, "tests", ".work", "node-cache");
  const HELLO = "Hello, cache! Every line of this app was read from pixels.\n";
  const run = (env: Record<string, string> = {}, entry = "greet-run.ts") =>
    spawnSync(runtimeBinary("node24"), ["--import", "@pxos/node-hook/register", entry], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, PXOS_CACHE_DIR: join(dir, ".pxos-cache"), ...env },
    });
  /** A project of the hello example's modules; returns the greet module's SHA-256 and where the pack is once written. */
  const setUp = () => {
    rmSync(dir, { recursive: true, force: true });
    cpSync(join(REPO, "examples", "hello", "src"), dir, { recursive: true });
    writeFileSync(join(dir, "greet-run.ts"), 'import { greet } from "./greet.ts";\nconst who: string = "cache";\nconsole.log(greet(who));\n');
    writeFileSync(join(dir, "greet-stay.ts"), 'import { greet } from "./greet.ts";\nconsole.log(greet("cache"));\nsetTimeout(() => {}, 800);\n');
    encodeProject({ root: dir });
    const sha = Manifest.load(join(dir, "pixel_manifest.json")).entry("greet.ts")?.sha256 as string;
    const pack = () => {
      const folder = join(dir, ".pxos-cache", "stripped");
      const stripper = join(folder, readdirSync(folder)[0] as string);
      return join(stripper, readdirSync(stripper)[0] as string);
    };
    return { sha, pack };
  };

  test("the first run fills one pack, later runs are served from it, a damaged entry is stripped again", () => {
    const { sha, pack } = setUp();
    expect(run().stdout).toBe(HELLO);
    const intact = readFileSync(pack());
    const entries = packEntries(pack());
    expect(Object.keys(entries)).toHaveLength(2);
    expect(entries[sha]).not.toContain(": string");
    // An intact entry is what runs: the module is not stripped again.
    writePack(pack(), { ...entries, [sha]: (entries[sha] as string).replace("Hello", "Cached hello") });
    expect(run().stdout).toBe(HELLO.replace("Hello", "Cached hello"));
    // A damaged one is a miss: stripped again from the verified pixels, and the pack repaired.
    writeFileSync(pack(), Buffer.from(intact.toString("latin1").replace("Hello", "Jello"), "latin1"));
    expect(run().stdout).toBe(HELLO);
    expect(readFileSync(pack())).toEqual(intact);
  });

  test("module.register's hooks thread saves the pack once imports have been quiet for a moment", () => {
    const { pack } = setUp();
    expect(run({ PXOS_NODE_HOOKS: "async" }, "greet-stay.ts").stdout).toBe(HELLO);
    expect(Object.keys(packEntries(pack()))).toHaveLength(2);
  });

  /** Signs the project's manifest with a new key pair, `key` and `key.pub` in the project. */
  const signProject = () => {
    const keys = generateSigningKeys();
    writeFileSync(join(dir, "key"), keys.privatePem);
    writeFileSync(join(dir, "key.pub"), keys.publicPem);
    signManifest(join(dir, "pixel_manifest.json"), join(dir, "key"));
  };

  test("under a trust key the cache is never read: a project may arrive with a planted one", () => {
    const { sha, pack } = setUp();
    signProject();
    expect(run().status).toBe(0);
    const entries = packEntries(pack());
    writePack(pack(), { ...entries, [sha]: (entries[sha] as string).replace("Hello", "Planted") });
    expect(run().stdout).toStartWith("Planted");
    const trusted = run({ PXOS_TRUST: join(dir, "key.pub") });
    expect(trusted.stderr).toBe("");
    expect(trusted.stdout).toBe(HELLO);
  });

  test('register({ trust, mode: "async" }) hands the trust key to the hooks thread: a planted pack is not served', () => {
    const { sha, pack } = setUp();
    signProject();
    expect(run().status).toBe(0);
    writePack(pack(), { ...packEntries(pack()), [sha]: 'export const greet = () => "Planted";\n' });
    const options = (mode: string) => `{ manifest: "pixel_manifest.json", trust: "key.pub", mode: "${mode}" }`;
    for (const mode of ["sync", "async"]) {
      writeFileSync(join(dir, "trust-run.mjs"), `import { register } from "@pxos/node-hook";\nregister(${options(mode)});\nawait import("./greet-run.ts");\n`);
      const trusted = spawnSync(runtimeBinary("node24"), ["trust-run.mjs"], { cwd: dir, encoding: "utf8" });
      expect(trusted.stderr).toBe("");
      expect(trusted.stdout).toBe(HELLO);
    }
  });

  test("PXOS_CACHE=0 serves the TypeScript and writes nothing", () => {
    setUp();
    expect(run({ PXOS_CACHE: "0" }).stdout).toBe(HELLO);
    expect(existsSync(join(dir, ".pxos-cache"))).toBe(false);
  });
});

describe("Node's stripped JavaScript, derived by pxos encode and bound to the manifest", () => {
  const dir = join(REPO, "tests", ".work", "node-stripped-form");
  const cache = join(dir, "..", "node-stripped-form.cache");
  const HELLO = "Hello, form! Every line of this app was read from pixels.\n";
  const run = (node: "node22" | "node24", env: Record<string, string> = {}) =>
    spawnSync(runtimeBinary(node), ["--import", "@pxos/node-hook/register", "main.ts"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, PXOS_CACHE_DIR: cache, PXOS_DEBUG: "1", PXOS_TRUST: join(dir, "..", "node-stripped-form.key.pub"), ...env },
    });
  const fromForm = (stderr: string) => [...stderr.matchAll(/\[pxos\] pixels (\S+) ← .* \(stripped at encode\)/g)].map((m) => m[1]).sort();
  /** The hello example's greet module and an entry, encoded by the CLI on Node 24 (amaro as Node 24 strips), signed, sources deleted. */
  const setUp = () => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    cpSync(join(REPO, "examples", "hello", "src", "greet.ts"), join(dir, "greet.ts"));
    writeFileSync(join(dir, "main.ts"), 'import { greet } from "./greet.ts";\nconst who: string = "form";\nconsole.log(greet(who));\n');
    const pxos = (...args: string[]) =>
      spawnSync(runtimeBinary("node24"), [join(REPO, "packages", "pxos", "bin", "pxos.mjs"), ...args], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, PXOS_CACHE_DIR: cache },
      });
    expect(pxos("encode", ".").status).toBe(0);
    const keys = generateSigningKeys();
    writeFileSync(join(dir, "..", "node-stripped-form.key"), keys.privatePem);
    writeFileSync(join(dir, "..", "node-stripped-form.key.pub"), keys.publicPem);
    expect(pxos("sign", "--key", join(dir, "..", "node-stripped-form.key")).status).toBe(0);
    rmSync(join(dir, "greet.ts"));
    writeFileSync(join(dir, "main.ts"), 'throw new Error("the file on disk ran");\n');
  };

  test("Node with the encode's stripper serves it under a trust key; the manifest names it by that stripper", () => {
    setUp();
    expect(Object.keys(Manifest.load(join(dir, "pixel_manifest.json")).derived)).toContain(
      `stripped-amaro-${spawnSync(runtimeBinary("node24"), ["-p", "process.versions.amaro"], { encoding: "utf8" }).stdout.trim()}`,
    );
    const trusted = run("node24");
    expect(trusted.stdout).toBe(HELLO);
    expect(fromForm(trusted.stderr)).toEqual(["greet.ts", "main.ts"]);
  });

  test("Node with another stripper (Node 22's amaro) strips the verified source itself", () => {
    setUp();
    const other = run("node22");
    expect(other.stdout).toBe(HELLO);
    expect(fromForm(other.stderr)).toEqual([]);
  });

  test("a form edited in the cache is not served: the verified source is stripped instead", () => {
    setUp();
    const forms = join(cache, "derived");
    const folder = join(forms, readdirSync(forms).find((form) => form.startsWith("stripped-")) as string);
    const pack = join(folder, readdirSync(folder)[0] as string);
    writeFileSync(pack, readFileSync(pack, "latin1").replace("Hello, ", "Jello, "), "latin1");
    expect(readFileSync(pack, "latin1")).toContain("Jello");
    const edited = run("node24");
    expect(edited.stdout).toBe(HELLO);
    expect(fromForm(edited.stderr)).toEqual(["main.ts"]);
  });
});
