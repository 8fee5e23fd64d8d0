/** What the Bun plugin hands Bun for a pixel module: explicit specifiers, every line where it was. */
import { expect, test } from "bun:test";
import { rewriteModule } from "../../packages/bun-plugin/src/rewrite.ts";

const PIXELS = new Set(["/app/util.ts", "/app/dir/index.ts", "/app/lib/x.cjs"]);
const resolvePixel = (specifier: string, importer: string) =>
  [specifier, `${specifier}.ts`, `${specifier}/index.ts`]
    .map((s) => new URL(s, `file://${importer}`).pathname)
    .find((path) => specifier.startsWith(".") && PIXELS.has(path));

test("specifiers naming pixel modules become explicit; others, and every line, stay", () => {
  const source = [
    'import { a } from "./util";',
    "export * from './dir';",
    'import "node:fs";',
    'import plain from "./plain.ts";',
    "const lazy = await import('./util');",
    "export const b = 1;",
  ].join("\n");
  expect(rewriteModule(source, "/app/main.ts", "ts", resolvePixel)).toBe(
    [
      'import { a } from "./util.ts";',
      "export * from './dir/index.ts';",
      'import "node:fs";',
      'import plain from "./plain.ts";',
      'const lazy = await import("./util.ts");',
      "export const b = 1;",
    ].join("\n"),
  );
});

test("computed import() and import.meta.resolve go through pxos:bun under a name the module never spells", () => {
  const source = 'const __pxos = 1;\nexport const m = await import(name + ".ts");\nexport const u = import.meta.resolve("./util");\n';
  const out = rewriteModule(source, "/app/main.ts", "ts", resolvePixel);
  expect(out.split("\n")).toEqual([
    'import { helpers as __pxos_ } from "pxos:bun";const __pxos = 1;',
    'export const m = await import(__pxos_.specifier(name + ".ts", "/app/main.ts"));',
    'export const u = __pxos_.metaResolve(import.meta, "/app/main.ts")("./util");',
    "",
  ]);
});

test("CommonJS runs in a shell that keeps its lines, its shebang first", () => {
  const out = rewriteModule('#!/usr/bin/env bun\nconst x = require("./lib/x.cjs");\nmodule.exports = x;\n', "/app/main.cjs", "cjs", resolvePixel);
  const lines = out.split("\n");
  expect(lines[0]).toBe("#!/usr/bin/env bun");
  expect(lines[1]).toStartWith(
    'import { helpers as __pxos } from "pxos:bun";const __pxos_module = __pxos.commonJs("/app/main.cjs", function (exports, require, module, __filename, __dirname) {',
  );
  expect(lines[1]).toEndWith('{const x = require("./lib/x.cjs");');
  expect(lines[2]).toBe("module.exports = x;");
  expect(out).toContain('export { __pxos_default as default, __pxos_exports as "module.exports" };');
});

test("a .js module is CommonJS by its syntax; an ES module or one with neither stays as it is", () => {
  expect(rewriteModule("exports.a = 1;\n", "/app/a.js", "js", resolvePixel)).toContain("commonJs(");
  expect(rewriteModule("export const a = 1;\n", "/app/a.js", "js", resolvePixel)).toBe("export const a = 1;\n");
  expect(rewriteModule('console.log("hi");\n', "/app/a.ts", "ts", resolvePixel)).toBe('console.log("hi");\n');
});

test("JSX the lexer cannot read: the pixel specifiers' literals still become explicit", () => {
  const source = "/** @jsx h */\nimport { h } from './util';\nexport const App = () => <p>Don't</p>;\n";
  expect(rewriteModule(source, "/app/App.tsx", "tsx", resolvePixel)).toBe(source.replace("'./util'", "'./util.ts'"));
});

test("a syntax error is left for Bun to report with the module's path and line", () => {
  const source = "export const broken = (;\n";
  expect(rewriteModule(source, "/app/bad.ts", "ts", resolvePixel)).toBe(source);
});

test("a CommonJS module's exports that Node's lexer finds are named exports too; __esModule's default is the default", () => {
  const out = rewriteModule(
    'Object.defineProperty(exports, "__esModule", { value: true });\nexports.default = 1;\nexports.named = 2;\n',
    "/app/a.cjs",
    "cjs",
    resolvePixel,
  );
  expect(out).toContain('__pxos_exports.__esModule && "default" in __pxos_exports ? __pxos_exports.default : __pxos_exports;');
  expect(out).toContain('export { __pxos_default as default, __pxos_exports as "module.exports", __pxos_0 as "named" };');
});

test("TypeScript's declare module is no sign of CommonJS", () => {
  const source = 'declare module "virtual" {\n  const x: number;\n}\nconsole.log("script");\n';
  expect(rewriteModule(source, "/app/script.ts", "ts", resolvePixel)).toBe(source);
});

test("import(import.meta.resolve(…)) gets both edits, nested, not one over the other", () => {
  const out = rewriteModule('await import(import.meta.resolve("./util"));\n', "/app/main.ts", "ts", resolvePixel);
  expect(out).toBe(
    'import { helpers as __pxos } from "pxos:bun";await import(__pxos.specifier(__pxos.metaResolve(import.meta, "/app/main.ts")("./util"), "/app/main.ts"));\n',
  );
});
