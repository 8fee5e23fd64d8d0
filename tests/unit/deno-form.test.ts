/** Deno's JavaScript for a TypeScript ES module (deno-loader/src/derive.ts): where every line and column was, TypeScript's imports exactly. */
import { describe, expect, test } from "bun:test";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Loader, Manifest } from "@pxos/core";
import { denoForm } from "@pxos/deno-loader/derive";
import { init, parse } from "es-module-lexer";
import { transformSync } from "esbuild";
import { namingJavaScript } from "../../packages/deno-loader/src/twins.ts";
import { REPO } from "../support/runtimes.ts";

await init;

const utf8 = new TextEncoder();
/** The deriver reads only where the project's manifest is (its root). */
const manifestIn = (root: string) => ({ path: join(root, "pixel_manifest.json") }) as Manifest;
const derive = (source: string, opts: { path?: string; loader?: Loader } = {}) => {
  const path = opts.path ?? "/nowhere/a.ts";
  const bytes = denoForm().derive(utf8.encode(source), { key: "a.ts", path, loader: opts.loader ?? "ts", manifest: manifestIn(join(path, "..")) });
  return bytes && new TextDecoder().decode(bytes);
};
const lineLengths = (text: string) => text.split("\n").map((line) => line.length);
const importsOf = (js: string) => parse(js)[0].map((i) => `${i.type} ${i.specifier}`);

describe("denoForm", () => {
  const source = [
    'import A, { type B, c, d as e, f } from "./x.ts";',
    'import type { G } from "./g.ts";',
    'import { type H } from "./h.ts";',
    'import * as ns from "./ns.ts";',
    'import I, * as J from "./ij.ts";',
    'import "./side.ts";',
    "import {",
    "  type T,",
    "  k,",
    "  unused,",
    '} from "./k.ts";',
    "export type { B };",
    'export { c } from "./x.ts";',
    "const v: B = c(e) as T;",
    "export default v;",
    "export const n = (ns, I, k);",
    "",
  ].join("\n");

  test("keeps every line and column, types and the imports TypeScript drops blanked, the rest as written", () => {
    const js = derive(source);
    expect(js).toBeDefined();
    expect(lineLengths(js as string)).toEqual(lineLengths(source));
    const lines = (js as string).split("\n");
    expect(lines[0]?.replace(/\s+/g, " ")).toBe('import { c, d as e, } from "./x.ts";');
    expect(lines[1]?.trim()).toBe("");
    expect(lines[2]?.trim()).toBe(";");
    expect(lines[4]?.replace(/\s+/g, " ")).toBe('import I from "./ij.ts";');
    expect(lines[5]).toBe('import "./side.ts";');
    expect((js as string).split("\n").slice(6, 11).join(" ").replace(/\s+/g, " ")).toBe('import { k, } from "./k.ts";');
    expect(lines[13]).toBe("const v    = c(e)     ;");
  });

  test("imports what esbuild, which drops imports as TypeScript does, imports, and exports the same", () => {
    const js = derive(source) as string;
    const judged = transformSync(source, { loader: "ts", target: "esnext" }).code;
    expect(importsOf(js)).toEqual(importsOf(judged));
    expect(parse(js)[1].map((e) => e.type === "reexport-all" || e.name)).toEqual(parse(judged)[1].map((e) => e.type === "reexport-all" || e.name));
  });

  test("one call for a batch (prepare) gives each module what it gives alone", () => {
    const sources = [source, 'import { x } from "./x.ts";\nexport const y: number = x;\n'].map((s) => utf8.encode(s));
    const form = denoForm();
    form.prepare?.(sources.map((s, i) => ({ source: s, path: `/nowhere/m${i}.ts`, loader: "ts" as const })));
    for (const [i, s] of sources.entries()) {
      const module = { key: `m${i}.ts`, path: `/nowhere/m${i}.ts`, loader: "ts" as const, manifest: manifestIn("/nowhere") };
      expect(form.derive(s, module)).toEqual(denoForm().derive(s, module));
    }
  });

  test("none where Deno transforms more than types, or its reading of the module could differ", () => {
    expect(derive("enum E { A }\nexport const x = E.A;\n")).toBeUndefined();
    expect(derive("namespace N { export const a = 1; }\n")).toBeUndefined();
    expect(derive("class C { constructor(private x: number) {} }\n")).toBeUndefined();
    expect(derive("interface Local {}\nexport { Local };\n")).toBeUndefined();
    expect(derive("@sealed\nexport class C {}\n")).toBeUndefined();
    // A JSDoc tag, an address in a string or a regular expression is no decorator.
    expect(derive('/** @param x */\nexport const f = (x: number) => x + " me@example.org" + /\\s@_/.source;\n')).toBeDefined();
    expect(derive("export class C { accessor x = 1; }\n")).toBeUndefined();
    expect(derive("{ using r = open(); }\n")).toBeUndefined();
    expect(derive('import {} from "./x.ts";\n')).toBeUndefined();
    expect(derive("export const x = 1;\n", { loader: "tsx" })).toBeUndefined();
    expect(derive("export const x = 1;\n", { loader: "cts" })).toBeUndefined();
    expect(derive("export const x = 1;\n", { loader: "js" })).toBeUndefined();
  });

  test("under the project's configuration: imports kept as written where it says verbatimModuleSyntax, none where it sets other emit options", () => {
    const root = join(REPO, "tests", ".work", "deno-form");
    rmSync(root, { recursive: true, force: true });
    mkdirSync(join(root, "src"), { recursive: true });
    const at = (name: string) => ({ path: join(root, "src", name), loader: "ts" as const });
    const typeOnly = 'import { T } from "./t.ts";\nexport const x: T = 1;\n';
    const form = (name: string) => {
      const bytes = denoForm().derive(utf8.encode(typeOnly), { key: `src/${name}`, ...at(name), manifest: manifestIn(root) });
      return bytes && new TextDecoder().decode(bytes);
    };
    expect(form("a.ts")?.split("\n")[0]?.trim()).toBe(";");
    writeFileSync(join(root, "tsconfig.json"), '{ "compilerOptions": { "verbatimModuleSyntax": true } }');
    expect(form("b.ts")?.split("\n")[0]).toBe('import { T } from "./t.ts";');
    writeFileSync(join(root, "src", "deno.jsonc"), '{ // emit\n "compilerOptions": { "experimentalDecorators": true } }');
    expect(form("c.ts")).toBeUndefined();
    rmSync(root, { recursive: true, force: true });
  });
});

describe("namingJavaScript", () => {
  const javaScript = new Map([
    ["/app/b.ts", ""],
    ["/app/lib/c.ts", ""],
  ]);
  const resolve = (specifier: string, importer: string) => {
    const path = new URL(specifier.replace(/[?#].*$/, ""), `file://${importer}`).pathname;
    return javaScript.has(path) || path === "/app/d.ts" ? path : undefined;
  };
  const named = namingJavaScript(javaScript, resolve);

  test("sends an import of a module with JavaScript for Deno to its .mjs, static or dynamic, changing only the specifier", () => {
    const js = 'import { b } from "./b.ts";\nexport * from \'./lib/c.ts\';\nconst m = await import("./b.ts");\n';
    expect(named(js, "/app/a.ts")).toBe('import { b } from "./b.ts.mjs";\nexport * from \'./lib/c.ts.mjs\';\nconst m = await import("./b.ts.mjs");\n');
    expect(named('import "../b.ts";\n', "/app/lib/c.ts")).toBe('import "../b.ts.mjs";\n');
  });

  test("leaves alone what it must not merge or cannot read: a query or fragment (another instance for Deno), a module without JavaScript, a computed import, escapes", () => {
    const js = [
      'import "./b.ts?v=1";',
      'import "./b.ts#x";',
      'import "./d.ts";',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text under test
      "await import(`./${name}.ts`);",
      'import "./\\u0062.ts";',
      'import "node:fs";',
      "",
    ].join("\n");
    expect(named(js, "/app/a.ts")).toBe(js);
  });
});
