/**
 * What Bun is handed for a pixel module: its source with every specifier that
 * names a pixel module made explicit, because Bun resolves an extensionless
 * `./util` itself, on disk, without asking a plugin (oven-sh/bun#12261) — so
 * `./util` becomes `./util.ts` and `./dir` becomes `./dir/index.ts`, which Bun
 * hands to the plugin. Edits stay inside a line, so every line number holds.
 * CommonJS gets a shell (see helpers.ts). Edits come from a lexer; a quick look at the text
 * only skips the lexer for a module that plainly needs no edit, the common case.
 */
import Module from "node:module";
import { dirname, relative } from "node:path";
import type { Loader } from "@pxos/core/runtime";
import type * as CjsLexer from "cjs-module-lexer";
import type * as EsLexer from "es-module-lexer";

/**
 * The lexers load on first need, not at every start: most modules name their imports exactly and
 * need none. Their plain-JavaScript builds, because onLoad is synchronous and the WebAssembly build
 * of es-module-lexer can only start asynchronously.
 */
let esLexer: typeof EsLexer | undefined;
let cjsLexer: typeof CjsLexer | undefined;
/**
 * Bun's own require; Node's where `pxos encode` rewrites Bun's ready JavaScript (derive.ts). Not a
 * named import of createRequire: on Bun that would fix node:module's named exports before
 * helpers.ts routes createRequire, and an app's `import { createRequire }` would miss the route.
 */
const load = (id: string): unknown => (typeof import.meta.require === "function" ? import.meta.require(id) : Module.createRequire(import.meta.url)(id));
function parse(source: string, name: string): ReturnType<typeof EsLexer.parse> {
  esLexer ??= load("es-module-lexer/js") as typeof EsLexer;
  return esLexer.parse(source, name);
}
function parseCommonJs(source: string): ReturnType<typeof CjsLexer.parse> {
  cjsLexer ??= load("cjs-module-lexer") as typeof CjsLexer;
  return cjsLexer.parse(source);
}

/** The virtual module holding the helpers rewritten modules call. */
export const HELPERS = "pxos:bun";

/** A specifier to the pixel module it names, for an import or a require() (they differ in conditions). */
export type ResolvePixel = (specifier: string, importer: string, kind?: "import" | "require") => string | undefined;

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** A name the module never spells, so nothing in it can shadow the helpers. */
function freshName(source: string): string {
  let name = "__pxos";
  while (source.includes(name)) name += "_";
  return name;
}

/** `./x.ts` or `../x.ts`: the explicit relative form Bun passes to the plugin. */
function explicit(from: string, to: string): string {
  const rel = relative(dirname(from), to);
  return rel.startsWith("../") ? rel : `./${rel}`;
}

/** `module.`, `exports` or `require(`: not TypeScript's `declare module "x"`. */
const COMMONJS_USE = /\bmodule\s*\.|\bexports\b|\brequire\s*\(/;

/** CommonJS by extension, else by syntax as Bun decides: no import/export, and it uses module, exports or require. */
function isCommonJs(loader: Loader, source: string, hasModuleSyntax: boolean): boolean {
  if (loader === "cjs" || loader === "cts") return true;
  if (loader === "mjs" || loader === "mts" || hasModuleSyntax) return false;
  return COMMONJS_USE.test(source);
}

/**
 * Whether the adapter runs this module as CommonJS, inside its shell (as rewriteModule decides it);
 * undefined when the lexer cannot read it.
 *
 * @example
 * runsAsCommonJs("module.exports = 1;\n", "js") // true
 */
export function runsAsCommonJs(source: string, loader: Loader): boolean | undefined {
  if (loader === "cjs" || loader === "cts") return true;
  try {
    return isCommonJs(loader, source, parse(source, "module")[3]);
  } catch {
    return undefined;
  }
}

function applyEdits(source: string, edits: Edit[]): string {
  let out = source;
  // At one offset the replacement goes first, then the insertion before it: `import(import.meta.resolve(…))` gets both.
  for (const edit of edits.sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/** On the first line (after a shebang, or Bun's `// @bun`: both count only at the very start), so no line moves. */
function onFirstLine(source: string, head: string): string {
  if (!source.startsWith("#!") && !source.startsWith("// @bun")) return head + source;
  const nl = source.indexOf("\n");
  return nl < 0 ? `${source}\n${head}` : source.slice(0, nl + 1) + head + source.slice(nl + 1);
}

/** Quoted strings that may be path specifiers, and import( calls, lone literal or not. */
const PATH_LITERAL = /(["'])((?:file:|\.{1,2}(?=\/|\1))[^"'\n]*|\/[^"'\n]*)\1/g;
/** `#x` and bare names where an import takes them: Bun never asks a plugin about those (checked on Bun 1.4.5). */
const PACKAGE_SPECIFIER = /(?:\bfrom|\bimport|\bimport\s*\()\s*(["'])([^"'./\n][^"'\n]*)\1/g;
const IMPORT_CALL = /\bimport\s*\(/g;
const LITERAL_IMPORT_CALL = /\bimport\s*\(\s*(["'])[^"'\n]*\1\s*[,)]/g;

/**
 * Whether {@link rewriteModule} lexes the module: unless it certainly needs no edit — no
 * `import.meta.resolve`, every `import(` takes a lone string literal, nothing CommonJS-like, and
 * every path-like string literal already names its pixel module exactly (or none). Anything in doubt
 * goes to the lexer.
 */
export function needsLexer(source: string, path: string, loader: Loader, resolvePixel: ResolvePixel): boolean {
  return !needsNoEdit(source, path, loader, resolvePixel);
}

function needsNoEdit(source: string, path: string, loader: Loader, resolvePixel: ResolvePixel): boolean {
  if (loader === "cjs" || loader === "cts" || source.includes("import.meta.resolve")) return false;
  if (loader !== "mjs" && loader !== "mts" && COMMONJS_USE.test(source)) return false;
  if ((source.match(IMPORT_CALL)?.length ?? 0) !== (source.match(LITERAL_IMPORT_CALL)?.length ?? 0)) return false;
  for (const [, , specifier] of source.matchAll(PATH_LITERAL)) {
    const pixel = resolvePixel(specifier as string, path);
    if (pixel !== undefined && explicit(path, pixel) !== specifier) return false;
  }
  for (const [, , specifier] of source.matchAll(PACKAGE_SPECIFIER)) if (resolvePixel(specifier as string, path) !== undefined) return false;
  return true;
}

/**
 * `shellOnOwnLine`: CommonJS's shell opens on a line of its own, for code whose lines a source map
 * gives back (derive.ts); else on the first line, so that no line moves. `scanner: false`: what the
 * lexer cannot read throws instead of going to Bun's scanner (an encode, which may run elsewhere).
 *
 * @example
 * rewriteModule('import { b } from "./b";', "/app/a.ts", "ts", (s, from) => pixels.resolve(s, from))
 * // 'import { b } from "./b.ts";' — and `#b` or a bare name that the pixels resolve becomes such a path too
 */
export function rewriteModule(
  source: string,
  path: string,
  loader: Loader,
  resolvePixel: ResolvePixel,
  opts: { shellOnOwnLine?: boolean; scanner?: boolean } = {},
): string {
  if (needsNoEdit(source, path, loader, resolvePixel)) return source;
  let lexed: ReturnType<typeof parse>;
  try {
    lexed = parse(source, path);
  } catch (err) {
    if (opts.scanner === false) throw err;
    // JSX the lexer cannot read: Bun's own scanner lists the imports.
    return rewriteUnlexable(source, path, loader, resolvePixel);
  }
  const [imports, , , hasModuleSyntax] = lexed;
  const name = freshName(source);
  const edits: Edit[] = [];
  let usesHelpers = false;
  const at = JSON.stringify(path);
  for (const imp of imports) {
    if (imp.type === "import-meta") {
      if (/^\.resolve\b/.test(source.slice(imp.end, imp.end + 9))) {
        edits.push({ start: imp.start, end: imp.end + 8, text: `${name}.metaResolve(import.meta, ${at})` });
        usesHelpers = true;
      }
    } else if (imp.type === "dynamic" && (imp.specifier === undefined || imp.glob)) {
      edits.push({ start: imp.start, end: imp.start, text: `${name}.specifier(` }, { start: imp.end, end: imp.end, text: `, ${at})` });
      usesHelpers = true;
    } else if (imp.specifier) {
      const pixel = resolvePixel(imp.specifier, path);
      if (!pixel) continue;
      const text = explicit(path, pixel);
      if (text === imp.specifier) continue;
      // A dynamic import's span includes the quotes; a static one's does not.
      edits.push({ start: imp.start, end: imp.end, text: imp.type === "dynamic" ? JSON.stringify(text) : text });
    }
  }
  const body = applyEdits(source, edits);
  if (isCommonJs(loader, source, hasModuleSyntax)) return commonJsShell(body, path, name, opts.shellOnOwnLine === true);
  return usesHelpers ? onFirstLine(body, `import { helpers as ${name} } from "${HELPERS}";`) : body;
}

/** The names Node's own lexer finds a CommonJS module exporting (`exports.x =`, `module.exports = { x }`, …). */
function commonJsExportNames(source: string): string[] {
  try {
    return parseCommonJs(source).exports.filter((name) => name !== "default" && name !== "module.exports" && name !== "__esModule");
  } catch {
    // Unlexable: the module still loads, with its default export only.
    return [];
  }
}

/**
 * CommonJS inside an ES module: the body runs in a function given `exports`, `require`, `module`,
 * `__filename`, `__dirname`; `module.exports` becomes the default export (its `default` when it is
 * marked `__esModule`, as Bun does) and, for require(), the `"module.exports"` export, which Bun
 * returns when CommonJS requires an ES module; the names Node's lexer finds become named exports.
 */
function commonJsShell(body: string, path: string, name: string, ownLine: boolean): string {
  const head = `import { helpers as ${name} } from "${HELPERS}";const ${name}_module = ${name}.commonJs(${JSON.stringify(path)}, function (exports, require, module, __filename, __dirname) {`;
  const e = `${name}_exports`;
  const names = commonJsExportNames(body);
  const tail = [
    "",
    "});",
    `const ${e} = ${name}_module.exports;`,
    `const ${name}_default = ${e} !== null && typeof ${e} === "object" && ${e}.__esModule && "default" in ${e} ? ${e}.default : ${e};`,
    ...names.map((n, i) => `const ${name}_${i} = ${e}?.[${JSON.stringify(n)}];`),
    `export { ${[`${name}_default as default`, `${e} as "module.exports"`, ...names.map((n, i) => `${name}_${i} as ${JSON.stringify(n)}`)].join(", ")} };`,
    "",
  ];
  return (ownLine ? `${head}\n${body}` : onFirstLine(body, head)) + tail.join("\n");
}

/** The fallback for what es-module-lexer cannot read: each pixel specifier's string literal, wherever it stands. */
function rewriteUnlexable(source: string, path: string, loader: Loader, resolvePixel: ResolvePixel): string {
  const scanLoader = loader === "jsx" || loader === "js" || loader === "mjs" || loader === "cjs" ? "jsx" : "tsx";
  let imports: { path: string }[];
  try {
    imports = new Bun.Transpiler({ loader: scanLoader }).scanImports(source);
  } catch {
    // A syntax error: Bun reports it, naming the module, when it loads the source.
    return source;
  }
  let out = source;
  for (const specifier of new Set(imports.map((imp) => imp.path))) {
    const pixel = resolvePixel(specifier, path);
    if (!pixel) continue;
    const text = explicit(path, pixel);
    if (text === specifier) continue;
    for (const quote of ['"', "'"]) out = out.replaceAll(`${quote}${specifier}${quote}`, `${quote}${text}${quote}`);
  }
  return out;
}
