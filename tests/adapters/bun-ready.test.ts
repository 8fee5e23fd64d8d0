/**
 * Bun's ready JavaScript: `pxos encode` derives it and binds it to the manifest, the Bun adapter
 * serves it under `// @bun` in place of the source, and never a byte the manifest does not vouch for.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUN_FORM, BUN_SOURCE_FORM, encodeProject, generateSigningKeys, Manifest, replaceModuleSource, signManifestRelease } from "@pxos/core";
import { bunForm, bunSourceForm } from "../../packages/bun-plugin/src/derive.ts";
import type { Deriver } from "../../packages/core/src/cache/index.ts";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

const WORK = join(REPO, "tests", ".work", "bun-ready");
const PXOS = join(REPO, "packages", "pxos", "bin", "pxos.mjs");

const FILES: Record<string, string> = {
  "package.json": '{ "type": "module" }\n',
  "main.ts":
    'import { shout } from "./src/shout";\nimport { fail } from "./src/fail.ts";\nimport legacy from "./src/legacy.cjs";\nimport mark from "./src/mark.cjs";\nconsole.log(shout("pixels"), legacy.n, mark);\ntry { fail(); } catch (e) { console.log((e as Error).stack?.split("\\n")[1]?.trim()); }\ntry { legacy.boom(); } catch (e) { console.log((e as Error).stack?.split("\\n")[1]?.trim()); }\n',
  // A JSON import as Node asks for it (`with { type: "json" }`) costs no module its form.
  "src/shout.ts":
    'import marks from "./marks.json" with { type: "json" };\ninterface Loud { text: string }\nexport function shout(text: string): string {\n  const loud: Loud = { text: text.toUpperCase() };\n  return loud.text + marks.loud;\n}\n',
  "src/marks.json": '{ "loud": "!" }\n',
  "src/fail.ts":
    'type Why = "because";\nconst why: Why = "because";\n\nexport function fail(): never {\n  if (why)\n    throw new Error(why);\n  throw 0;\n}\n',
  "src/legacy.cjs": 'const n = 42;\nmodule.exports = { n, boom() { throw new Error("from CommonJS"); } };\n',
  // esbuild keeps a comment between `case`s as it is: not ASCII, so no ready JavaScript.
  "src/mark.cjs":
    'module.exports = (function (n) {\n  switch (n) {\n    case 1:\n      return "marked";\n    // \u00bfotro?\n    case 2:\n      return "other";\n  }\n})(1);\n',
};

const run = (dir: string, cmd: string[], env: Record<string, string> = {}) =>
  spawnSync(cmd[0] as string, cmd.slice(1), {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, PXOS_CACHE_DIR: join(dir, "..", `${dir.split("/").pop()}.cache`), ...env },
  });
const bun = (dir: string, env: Record<string, string> = {}) =>
  run(dir, [runtimeBinary("bun"), "--preload", "@pxos/bun-plugin/preload", "main.ts"], { PXOS_DEBUG: "1", ...env });
const cacheOf = (dir: string) => join(dir, "..", `${dir.split("/").pop()}.cache`);
const packOf = (dir: string, form = BUN_FORM) => {
  const folder = join(cacheOf(dir), "derived", form);
  // Beside it, the record of modules that took none (PROJECT.none).
  return join(folder, readdirSync(folder).find((f) => f.endsWith(".pack")) as string);
};
/** The inline map of a form: JSON right after the data URL's comma, to the end of the line. */
const mapOf = (out: string) => JSON.parse(out.slice(out.indexOf("data:application/json,") + 22).trimEnd());
const ready = (stderr: string) => [...stderr.matchAll(/\[pxos\] pixels (\S+) ← .* \(ready JavaScript\)/g)].map((m) => m[1]);
const rewritten = (stderr: string) => [...stderr.matchAll(/\[pxos\] pixels (\S+) ← .* \(rewritten at encode\)/g)].map((m) => m[1]);

/** A project as written, plain; then a copy encoded with `pxos encode` and its sources deleted. */
function project(name: string): { plain: string; dir: string } {
  const plain = join(WORK, name, "plain");
  const dir = join(WORK, name, "app");
  rmSync(join(WORK, name), { recursive: true, force: true });
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(join(plain, file, ".."), { recursive: true });
    writeFileSync(join(plain, file), text);
  }
  cpSync(plain, dir, { recursive: true });
  const encode = run(dir, [runtimeBinary("node24"), PXOS, "encode", "."]);
  expect(encode.stderr).toBe("");
  rmSync(join(dir, "src"), { recursive: true });
  return { plain, dir };
}

describe("pxos encode derives Bun's ready JavaScript", () => {
  let dir: string;
  beforeAll(() => {
    dir = project("encode").dir;
  });

  test("TypeScript ES modules, .cjs CommonJS and JSON (package.json) get the form in the cache, its index in the manifest", () => {
    const manifest = Manifest.load(join(dir, "pixel_manifest.json"));
    const pack = readFileSync(packOf(dir)).toString("latin1");
    expect(pack).toStartWith("pxos-derived 1\n");
    const [magic, index, ...body] = pack.split("\n");
    // One line in the manifest per form, not per module: the SHA-256 of the index naming every module's form.
    expect(manifest.derived[BUN_FORM]).toBe(
      createHash("sha256")
        .update(index as string, "latin1")
        .digest("hex"),
    );
    const entries = JSON.parse(index as string);
    expect(Object.keys(entries).sort()).toEqual(["main.ts", "package.json", "src/fail.ts", "src/legacy.cjs", "src/marks.json", "src/shout.ts"]);
    const [start, end, tag] = entries["main.ts"];
    const main = body.join("\n").slice(start, end);
    expect(tag.split(" ").slice(0, 2)).toEqual([createHash("sha256").update(main, "latin1").digest("hex"), manifest.entry("main.ts")?.sha256]);
    // Named exactly at encode, as the adapter names it at run time: Bun never resolves `./src/shout` itself.
    expect(magic).toBe("pxos-derived 1");
    expect(main).toStartWith("// @bun\n");
    expect(main).toContain('from "./src/shout.ts"');
    expect(main).not.toContain('from "./src/shout"');
  });

  test("Bun serves it: the run prints what plain Bun prints, stack line and column included (the frame marked as from pixels)", () => {
    const plain = run(join(WORK, "encode", "plain"), [runtimeBinary("bun"), "main.ts"]);
    const pixels = bun(dir);
    expect(pixels.status).toBe(0);
    expect(pixels.stdout).toContain(`${dir}/src/fail.ts?pxos:6:15`);
    // CommonJS too, inside the shell that opens on a line of its own.
    expect(plain.stdout).toContain(`${join(WORK, "encode", "plain")}/src/legacy.cjs:2:42`);
    expect(pixels.stdout).toContain(`${dir}/src/legacy.cjs?pxos:2:42`);
    expect(pixels.stdout.replaceAll(dir, "APP").replaceAll("?pxos", "")).toBe(plain.stdout.replaceAll(join(WORK, "encode", "plain"), "APP"));
    expect(plain.stdout).toContain("PIXELS! 42");
    expect(plain.stdout).toContain("APP/src/fail.ts:6:15".replace("APP", join(WORK, "encode", "plain")));
    expect(ready(pixels.stderr).sort()).toEqual(["main.ts", "src/fail.ts", "src/legacy.cjs", "src/marks.json", "src/shout.ts"]);
  });

  test("CommonJS without ready JavaScript gets its source as the adapter rewrites it (its shell), served to Bun's transpiler: no lexer at run time", () => {
    const manifest = Manifest.load(join(dir, "pixel_manifest.json"));
    const [, index, ...body] = readFileSync(packOf(dir, BUN_SOURCE_FORM)).toString("latin1").split("\n");
    expect(manifest.derived[BUN_SOURCE_FORM]).toBe(
      createHash("sha256")
        .update(index as string, "latin1")
        .digest("hex"),
    );
    const entries = JSON.parse(index as string);
    expect(Object.keys(entries)).toEqual(["src/mark.cjs"]);
    const [start, end] = entries["src/mark.cjs"];
    const shell = Buffer.from(body.join("\n"), "latin1").subarray(start, end).toString("utf8");
    expect(shell).toStartWith('import { helpers as __pxos } from "pxos:bun";const __pxos_module = __pxos.commonJs(');
    // Every line where it was: the source's first line follows the shell's head on line 1.
    expect(shell.split("\n")[0]).toEndWith(FILES["src/mark.cjs"]?.split("\n")[0] as string);
    const pixels = bun(dir);
    expect(pixels.stdout).toContain("PIXELS! 42 marked");
    expect(rewritten(pixels.stderr)).toEqual(["src/mark.cjs"]);
  });

  test("with the cache off, the same run serves the sources", () => {
    const pixels = bun(dir, { PXOS_CACHE: "0" });
    expect(pixels.stdout).toContain("PIXELS! 42");
    expect(ready(pixels.stderr)).toEqual([]);
    expect(rewritten(pixels.stderr)).toEqual([]);
  });
});

describe("the form is served only as the manifest records it", () => {
  test("a byte changed in the cached form: the source is served, and the run is still right", () => {
    const { dir } = project("edited-pack");
    const pack = packOf(dir);
    const bytes = readFileSync(pack);
    const at = bytes.lastIndexOf(Buffer.from("toUpperCase"));
    bytes.write("toLowerCase", at, "latin1");
    writeFileSync(pack, bytes);
    const pixels = bun(dir);
    expect(pixels.stdout).toContain("PIXELS! 42");
    expect(ready(pixels.stderr)).not.toContain("src/shout.ts");
    expect(ready(pixels.stderr)).toContain("main.ts");
  });

  /** Rewrites the pack's index with `edit`; with `rehash`, the manifest records the new index, as an unsigned manifest may be rewritten. */
  const editIndex = (dir: string, edit: (index: Record<string, [number, number, string]>) => void, rehash: boolean) => {
    const pack = packOf(dir);
    const [magic, line, ...body] = readFileSync(pack).toString("latin1").split("\n");
    const index = JSON.parse(line as string);
    edit(index);
    const text = JSON.stringify(index);
    writeFileSync(pack, Buffer.from([magic, text, ...body].join("\n"), "latin1"));
    if (!rehash) return;
    const path = join(dir, "pixel_manifest.json");
    const data = JSON.parse(readFileSync(path, "utf8"));
    data.derived[BUN_FORM] = createHash("sha256").update(text, "latin1").digest("hex");
    writeFileSync(path, JSON.stringify(data));
  };

  test("an index naming another module's form for a module, the manifest recording that index: not served", () => {
    const { dir } = project("swapped");
    editIndex(
      dir,
      (index) => {
        index["src/shout.ts"] = index["src/fail.ts"] as [number, number, string];
      },
      true,
    );
    const pixels = bun(dir);
    expect(pixels.stdout).toContain("PIXELS! 42");
    expect(ready(pixels.stderr)).not.toContain("src/shout.ts");
    expect(ready(pixels.stderr)).toContain("main.ts");
  });

  test("an index the manifest does not record: no form is served", () => {
    const { dir } = project("foreign-index");
    editIndex(dir, (index) => delete index["src/fail.ts"], false);
    const pixels = bun(dir);
    expect(pixels.stdout).toContain("PIXELS! 42");
    expect(ready(pixels.stderr)).toEqual([]);
  });

  test("a module edited in place (the REPL's .edit, the viewer's save) loses its form until the next encode; the others keep theirs", () => {
    const { dir } = project("edit");
    replaceModuleSource(join(dir, "pixel_manifest.json"), "src/shout.ts", new TextEncoder().encode("export const shout = (t: string): string => t + '?';\n"));
    const pixels = bun(dir);
    expect(pixels.stdout).toContain("pixels? 42");
    expect(ready(pixels.stderr).sort()).toEqual(["main.ts", "src/fail.ts", "src/legacy.cjs"]);
  });

  test("a JSON file edited in place, which may change how any import resolves: every form goes until the next encode", () => {
    const { dir } = project("edit-json");
    replaceModuleSource(join(dir, "pixel_manifest.json"), "package.json", new TextEncoder().encode('{ "type": "module", "name": "edited" }\n'));
    expect(Manifest.load(join(dir, "pixel_manifest.json")).derived).toEqual({});
    const pixels = bun(dir);
    expect(pixels.stdout).toContain("PIXELS! 42");
    expect(ready(pixels.stderr)).toEqual([]);
  });

  test("under a trust key, a signed manifest's forms are served", () => {
    const { dir } = project("trusted");
    const keys = generateSigningKeys();
    const keyFile = join(WORK, "trusted", "key.pem");
    writeFileSync(keyFile, keys.privatePem);
    writeFileSync(`${keyFile}.pub`, keys.publicPem);
    signManifestRelease(join(dir, "pixel_manifest.json"), keyFile);
    const pixels = bun(dir, { PXOS_TRUST: `${keyFile}.pub`, PXOS_TRUST_STATE: join(WORK, "trusted", "state") });
    expect(pixels.stderr).not.toContain("PxosError");
    expect(pixels.stdout).toContain("PIXELS! 42");
    expect(ready(pixels.stderr).sort()).toEqual(["main.ts", "src/fail.ts", "src/legacy.cjs", "src/marks.json", "src/shout.ts"]);
  });
});

describe("the bytes the adapter hands Bun", () => {
  test("are Bun's own once handed over: functions Bun compiles only when called, after later modules were read into the same memory, are their module's", () => {
    // Each form is read into memory the next read reuses (core's Scratch); Bun must have copied it.
    const root = join(WORK, "handed-over");
    rmSync(root, { recursive: true, force: true });
    const count = 12;
    const files: Record<string, string> = { "package.json": '{ "type": "module" }\n' };
    for (let i = 0; i < count; i++)
      files[`src/m${i}.ts`] = `export function f${i}(n: number): string {\n  return ${JSON.stringify(`module ${i} `.repeat(i + 1))} + n * ${i};\n}\n`;
    files["main.ts"] =
      `${Array.from({ length: count }, (_, i) => `import { f${i} } from "./src/m${i}.ts";`).join("\n")}\nfor (const f of [${Array.from({ length: count }, (_, i) => `f${i}`).join(", ")}]) console.log(f(2), f.toString().length, f.toString().match(/module \\d+/)?.[0]);\n`;
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(root, "plain", file, ".."), { recursive: true });
      writeFileSync(join(root, "plain", file), text);
    }
    const dir = join(root, "app");
    cpSync(join(root, "plain"), dir, { recursive: true });
    expect(run(dir, [runtimeBinary("node24"), PXOS, "encode", "."]).stderr).toBe("");
    rmSync(join(dir, "src"), { recursive: true });
    const plain = run(join(root, "plain"), [runtimeBinary("bun"), "main.ts"]);
    const pixels = bun(dir);
    expect(ready(pixels.stderr)).toHaveLength(count + 1);
    expect(plain.stdout.split("\n")).toHaveLength(count + 1);
    expect(pixels.stdout).toBe(plain.stdout);
  });
});

describe("encode keeps forms deterministic and derives only what changed", () => {
  test("a second encode derives nothing and writes the same manifest; a changed source is derived again", () => {
    const root = join(WORK, "incremental", "app");
    const cacheDir = join(WORK, "incremental", "cache");
    rmSync(join(WORK, "incremental"), { recursive: true, force: true });
    mkdirSync(join(root, "src"), { recursive: true });
    writeFileSync(join(root, "src", "a.ts"), "export const a: number = 1;\n");
    writeFileSync(join(root, "src", "b.ts"), "export const b: number = 2;\n");
    const derivedKeys: string[] = [];
    const counting: Deriver = {
      form: BUN_FORM,
      derive: (source, mod) => {
        derivedKeys.push(mod.key);
        return bunForm.derive(source, mod);
      },
    };
    encodeProject({ root, cacheDir, derive: [counting] });
    const first = readFileSync(join(root, "pixel_manifest.json"), "utf8");
    expect(derivedKeys.sort()).toEqual(["src/a.ts", "src/b.ts"]);
    derivedKeys.length = 0;
    const pack = () =>
      statSync(join(cacheDir, "derived", BUN_FORM, readdirSync(join(cacheDir, "derived", BUN_FORM)).find((f) => f.endsWith(".pack")) as string)).ino;
    const written = pack();
    encodeProject({ root, cacheDir, derive: [counting] });
    expect(derivedKeys).toEqual([]);
    expect(readFileSync(join(root, "pixel_manifest.json"), "utf8")).toBe(first);
    // Nor is the pack written again: it holds these forms already.
    expect(pack()).toBe(written);
    writeFileSync(join(root, "src", "b.ts"), "export const b: number = 3;\n");
    encodeProject({ root, cacheDir, derive: [counting] });
    expect(derivedKeys).toEqual(["src/b.ts"]);
    // A module added: every form is derived again, as `./c` may now name it.
    derivedKeys.length = 0;
    writeFileSync(join(root, "src", "c.ts"), "export const c: number = 4;\n");
    encodeProject({ root, cacheDir, derive: [counting] });
    expect(derivedKeys.sort()).toEqual(["src/a.ts", "src/b.ts", "src/c.ts"]);
  });
});

describe("what takes no form (Bun's own transpiler decides)", () => {
  const form = (path: string, text: string) => {
    const loader = path.endsWith(".mjs") ? "mjs" : path.endsWith(".cjs") ? "cjs" : path.endsWith(".js") ? "js" : path.endsWith(".tsx") ? "tsx" : "ts";
    const entry = { image: `${path}.pxi`, format: "png", size: text.length, sha256: "0".repeat(64), loader } as const;
    const manifest = new Manifest("/app/pixel_manifest.json", { version: 1, root: ".", modules: { [path]: entry } });
    return bunForm.derive(new TextEncoder().encode(text), { key: path, path: `/app/${path}`, loader, manifest });
  };
  test.each([
    ["CommonJS names", "a.ts", "const x = require('./b');\nexport default x;\n"],
    ["__dirname", "a.ts", "export const here = __dirname;\n"],
    ["import attributes", "a.ts", 'import text from "./a.txt" with { type: "text" };\nexport default text;\n'],
    [
      "import attributes beside a JSON one",
      "a.ts",
      'import a from "./a.json" with { type: "json" };\nimport m from "./m.ts" with { type: "macro" };\nexport default [a, m];\n',
    ],
    ["an import assertion (Bun's older syntax)", "a.ts", 'import a from "./a.json" assert { type: "json" };\nexport default a;\n'],
    ["a shebang", "a.mjs", "#!/usr/bin/env bun\nexport {};\n"],
    ["JSX in a .js file", "a.js", "export const el = <div />;\n"],
    ["TSX", "a.tsx", "export const el = <div />;\n"],
    ["decorators", "a.ts", "function d(c: unknown) { return c; }\n@d class A {}\nexport { A };\n"],
    [
      "decorators after a pure annotation",
      "a.ts",
      "function d(c: unknown) { return c; }\nexport const a = /* @__PURE__ */ d(1);\n@d class A {}\nexport { A };\n",
    ],
    ["a name a source map cannot give as is", "a b.ts", "export const x = 1;\n"],
    [
      "what esbuild cannot print as ASCII (a comment it keeps between `case`s)",
      "a.ts",
      "export function f(n: number) {\n  switch (n) {\n    case 1:\n      return 1;\n    // ¿dos?\n    case 2:\n      return 2;\n  }\n}\n",
    ],
  ])("%s", (_, path, text) => {
    expect(form(path, text)).toBeUndefined();
  });

  test("JSON takes the module the plugin makes of it, as ASCII (Bun reads `// @bun` bytes so); text that is not JSON takes none", () => {
    const json = (text: string) => {
      const entry = { image: "a.json.pxi", format: "png", size: text.length, sha256: "0".repeat(64), loader: "json" } as const;
      const manifest = new Manifest("/app/pixel_manifest.json", { version: 1, root: ".", modules: { "a.json": entry } });
      const out = bunForm.derive(new TextEncoder().encode(text), { key: "a.json", path: "/app/a.json", loader: "json", manifest });
      return out && new TextDecoder().decode(out);
    };
    const out = json('{ "caf\u00e9": 1 }\n') as string;
    expect(out).toStartWith("// @bun\nconst json = JSON.parse(");
    expect(out).toContain('__pxos_0 as "caf\\u00e9"');
    expect(out).not.toMatch(/[^\0-\x7f]/);
    expect(json("{ not json\n")).toBeUndefined();
  });

  test("esbuild's annotations (`/* @__PURE__ */`, `// @__NO_SIDE_EFFECTS__`, as libraries write them) are no decorators: the module takes the form", () => {
    const text =
      "// @__NO_SIDE_EFFECTS__\nfunction make(n: number) { return { n }; }\nexport const a = /* @__PURE__ */ make(1);\nexport const b = /*#__PURE__*/ make(2);\n";
    const out = new TextDecoder().decode(form("a.ts", text));
    expect(out).toStartWith("// @bun\n");
    expect(out).toContain("/* @__PURE__ */ make(1)");
  });

  test("an ES module whose comments alone name `exports` or `require` (lodash's build banner) takes the form; one whose code names them does not", () => {
    expect(form("a.js", '/**\n * Build: `lodash modularize exports="es" -o ./`\n */\n// require nothing\nexport const x = 1;\n')).toBeDefined();
    expect(form("a.js", "/** Detect free variable `exports`. */\nexport const free = typeof exports == 'object' && exports;\n")).toBeUndefined();
    // A license comment too (esbuild is told to drop them: the pixels keep the source's), and one not ASCII.
    expect(form("a.js", '/**\n * @license\n * Build: `lodash modularize exports="es" -o ./`\n */\nexport const x = 1;\n')).toBeDefined();
    expect(new TextDecoder().decode(form("a.ts", "/*! © pxos */\nexport const x = 1;\n"))).not.toContain("pxos */");
  });

  test("of JSX the lexer reads, its specifiers made exact (no ready JavaScript for JSX); JSX it cannot read takes none, whatever runtime encodes", () => {
    const entry = (loader: "jsx" | "tsx") => ({ image: "x.pxi", format: "png", size: 1, sha256: "0".repeat(64), loader }) as const;
    const manifest = new Manifest("/app/pixel_manifest.json", { version: 1, root: ".", modules: { "a.jsx": entry("jsx"), "b.tsx": entry("tsx") } });
    const source = (key: string, text: string) => {
      const out = bunSourceForm.derive(new TextEncoder().encode(text), {
        key,
        path: `/app/${key}`,
        loader: entry(key.endsWith(".jsx") ? "jsx" : "tsx").loader,
        manifest,
      });
      return out && new TextDecoder().decode(out);
    };
    expect(source("a.jsx", 'import { B } from "./b";\nexport const a = <B />;\n')).toBe('import { B } from "./b.tsx";\nexport const a = <B />;\n');
    // Only Bun's scanner reads this (the lexer takes the apostrophe for a string that never ends), and Bun may not be what encodes.
    expect(source("a.jsx", 'import { B } from "./b";\nexport const a = <p>it\'s <B /></p>;\n')).toBeUndefined();
  });

  test("of a module without ready JavaScript that the plugin would lex, the rewritten source; JSON takes none", () => {
    const source = (path: string, text: string) => {
      const loader = path.endsWith(".cjs") ? "cjs" : path.endsWith(".json") ? "json" : "ts";
      const entry = { image: `${path}.pxi`, format: "png", size: text.length, sha256: "0".repeat(64), loader } as const;
      const manifest = new Manifest("/app/pixel_manifest.json", { version: 1, root: ".", modules: { [path]: entry } });
      const out = bunSourceForm.derive(new TextEncoder().encode(text), { key: path, path: `/app/${path}`, loader, manifest });
      return out && new TextDecoder().decode(out);
    };
    const kept = "switch (0) {\n  case 0:\n    exports.x = 1;\n  // \u00bf\n  case 1:\n}\n";
    expect(source("a.cjs", kept)).toContain('__pxos.commonJs("/app/a.cjs", function (exports, require, module, __filename, __dirname) {switch (0) {');
    // What takes ready JavaScript needs no other form.
    expect(source("a.cjs", "exports.x = 1;\n")).toBeUndefined();
    expect(source("a.ts", "export const x: number = 1;\n")).toBeUndefined();
    expect(source("a.json", '{ "exports": 1 }\n')).toBeUndefined();
    // An ES module without it that the plugin would lex at run time (it names `require`) takes it, even unchanged: a run then loads no lexer.
    const names = "const x = require('./b');\nexport default x;\n";
    expect(source("a.ts", names)).toBe(names);
    // One it would not lex (a shebang costs it the ready JavaScript, and its imports need no edit) takes none.
    expect(source("a.ts", "#!/usr/bin/env bun\nexport const x = 1;\n")).toBeUndefined();
  });

  test.each([
    ["by its extension", "a.cjs"],
    ["by its syntax, in a .js file, as the adapter tells it at run time", "a.js"],
  ])("CommonJS %s does, inside the adapter's shell on a line of its own, its map two lines down", (_, path) => {
    const out = new TextDecoder().decode(form(path, "const n = 1;\nmodule.exports = { n };\n"));
    expect(out).toStartWith(
      `// @bun\nimport { helpers as __pxos } from "pxos:bun";const __pxos_module = __pxos.commonJs("/app/${path}", function (exports, require, module, __filename, __dirname) {\nconst n = 1;\nmodule.exports = { n };\n`,
    );
    expect(mapOf(out).mappings).toStartWith(";;");
  });

  test("a plain TypeScript module does, headed by `// @bun`, its map shifted by the pragma's line", () => {
    const out = new TextDecoder().decode(form("a.ts", "const x: number = 1;\nexport { x };\n"));
    // The map as JSON, not base64, which Bun decodes at every load (measured: BENCHMARKS.md).
    expect(out).toStartWith("// @bun\nconst x = 1;\nexport { x };\n//# sourceMappingURL=data:application/json,{");
    expect(out).toEndWith("}\n");
    const map = mapOf(out);
    expect(map.sources).toEqual(["a.ts?pxos"]);
    expect(map.sourcesContent).toEqual([null]);
    expect(map.mappings).toStartWith(";");
  });
});
