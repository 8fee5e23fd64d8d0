/**
 * The Bun adapter's ready JavaScript, derived by `pxos encode` and bound to the manifest (core's
 * cache/derived-pack.ts): an ES module as esbuild prints it, its imports named exactly as the
 * adapter would name them at run time (rewrite.ts, with the encode's manifest), headed by `// @bun`
 * so Bun runs it without its own transpiler, with an inline source map (as JSON) so stack traces give the
 * source's lines and columns, as Bun gives them for the source. The adapter hands the bytes to Bun
 * as they are (ASCII, as Bun reads bytes). CommonJS (by its extension, or by its syntax as the
 * adapter tells it at run time) is printed by esbuild too, inside the adapter's shell (rewrite.ts),
 * which opens on a line of its own. A module whose meaning could differ from what Bun's transpiler
 * makes of it (JSX, Bun's import attributes and macros but `type: "json"`, a shebang, decorators, anything esbuild adds
 * helpers for) takes no such form. A module without one that the adapter would lex at run time
 * takes another, `bunSourceForm`: its source as the adapter rewrites it then (CommonJS's shell, its
 * specifiers named exactly), so a run skips the lexers; Bun's transpiler still reads it.
 *
 * @example
 * import { bunForm, bunSourceForm } from "@pxos/bun-plugin/derive";
 * encodeProject({ root, cacheDir, derive: [bunForm, bunSourceForm] });
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { addsHelpers, type Manifest, sourceText } from "@pxos/core";
import { BUN_FORM, BUN_SOURCE_FORM, type Deriver, PIXEL_QUERY, PixelModules, resolveOptions } from "@pxos/core/runtime";
import { transformSync } from "esbuild";
import { jsonModule, parseJson } from "./json.ts";
import { bunResolver } from "./resolver.ts";
import { needsLexer, type ResolvePixel, rewriteModule, runsAsCommonJs } from "./rewrite.ts";

const ESBUILD_LOADERS: Record<string, "ts" | "js" | undefined> = { ts: "ts", mts: "ts", cts: "ts", js: "js", mjs: "js", cjs: "js" };
/** What Bun gives a module that looks like CommonJS or asks for Node's names: its transpiler, not ours. */
const COMMONJS_NAMES = /\brequire\b|\bmodule\s*\.|\bexports\b|\b__dirname\b|\b__filename\b/;
/**
 * Import attributes, which Bun also reads for its own loaders (`type: "text"`, macros): any but
 * `with { type: "json" }` (which Node asks of every JSON import, and which the plugin's JSON module meets as Bun's own does).
 */
const IMPORT_ATTRIBUTES = /\b(with|assert)\s*\{\s*["']?type["']?\s*:\s*(?:(["'])(.*?)\2)?/g;
const ownLoaderAttribute = (text: string) => [...text.matchAll(IMPORT_ATTRIBUTES)].some(([, keyword, , type]) => keyword !== "with" || type !== "json");
const NON_ASCII = /[^\0-\x7f]/;
/** A name a source map can give as is, relative to the module. */
const PLAIN_NAME = /^[\w.@+-]+$/;

const utf8 = new TextEncoder();

/** Each source's ready JavaScript, or null for none: `bunSourceForm` asks for the same source after `bunForm`. */
const ready = new WeakMap<Uint8Array, Uint8Array | null>();

export const bunForm: Deriver = {
  form: BUN_FORM,
  version: "6",
  derive(source, module) {
    let form = ready.get(source);
    if (form === undefined) {
      form = readyJavaScript(source, module) ?? null;
      ready.set(source, form);
    }
    return form ?? undefined;
  },
};

function readyJavaScript(source: Uint8Array, { path, loader, manifest }: Parameters<Deriver["derive"]>[1]): Uint8Array | undefined {
  if (loader === "json") return readyJson(source);
  const esbuildLoader = ESBUILD_LOADERS[loader];
  const name = basename(path);
  if (!esbuildLoader || !PLAIN_NAME.test(name)) return undefined;
  const text = sourceText(source);
  if (text === undefined) return undefined;
  // CommonJS as the adapter would run it: by its extension, or as Bun tells it by its syntax.
  const commonJs = loader === "cjs" || loader === "cts" || (COMMONJS_NAMES.test(text) && runsAsCommonJs(text, loader) === true);
  if (text.startsWith("#!") || ownLoaderAttribute(text)) return undefined;
  let code: string;
  let map: string;
  try {
    ({ code, map } = transformSync(text, {
      loader: esbuildLoader,
      target: "esnext",
      // Decorators lowered, so esbuild's helpers show them: Bun's transpiler lowers them by its own reading of tsconfig.json.
      supported: { decorators: false },
      // License comments have no part in running the module (its pixels keep them); kept, one naming `exports` or not ASCII would cost the form.
      legalComments: "none",
      sourcemap: "external",
      // Frames name the module as Bun names a pixel module it transpiled: marked as coming from pixels.
      sourcefile: `${name}${PIXEL_QUERY}`,
      sourcesContent: false,
      logLevel: "silent",
      tsconfigRaw: nearestTsconfig(dirname(path)),
    }));
  } catch {
    // Syntax esbuild does not take as this loader (JSX in a .js file): Bun's transpiler decides.
    return undefined;
  }
  // Bun reads `// @bun` code as ASCII: esbuild escapes what it can, and what it cannot (a comment it keeps between `case`s) costs the form.
  // An ES module that names Node's CommonJS names in its code (not only in comments, which esbuild drops): Bun's transpiler decides.
  if (addsHelpers(code, text) || NON_ASCII.test(code) || (!commonJs && COMMONJS_NAMES.test(code))) return undefined;
  let named: string;
  try {
    named = rewriteModule(code, path, commonJs ? "cjs" : "mjs", resolverFor(manifest), { shellOnOwnLine: true });
  } catch {
    return undefined;
  }
  // The pragma's line above the code, and CommonJS's shell's.
  const above = commonJs ? 2 : 1;
  const json = shifted(map, above);
  if (NON_ASCII.test(json)) return undefined;
  // The map as JSON, not base64: Bun reads it so (data: URLs are not percent-decoded), at a fraction of base64's cost.
  return utf8.encode(`// @bun\n${named}//# sourceMappingURL=data:application/json,${json}\n`);
}

/**
 * A JSON module as the adapter makes it at run time (json.ts), parsed here for its keys instead,
 * escaped to ASCII (only its string literals can hold anything else); none for text that is not JSON.
 */
function readyJson(source: Uint8Array): Uint8Array | undefined {
  const text = sourceText(source);
  if (text === undefined) return undefined;
  const parsed = parseJson(text);
  if (!parsed) return undefined;
  const ascii = jsonModule(text, parsed).replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return utf8.encode(`// @bun\n${ascii}`);
}

/**
 * A module without ready JavaScript that the adapter would lex to rewrite at run time (CommonJS, by
 * extension or by Bun's reading of a module with no import or export; a module that names Node's
 * CommonJS names, `import.meta.resolve` or a specifier to make exact): its source as the adapter
 * would hand it to Bun's transpiler, every line where it was, so no map is needed and a run loads
 * no lexer (loading one and its first, cold lexing cost a start more than the module: BENCHMARKS.md).
 */
export const bunSourceForm: Deriver = {
  form: BUN_SOURCE_FORM,
  version: "3",
  derive(source, module) {
    const { path, loader, manifest } = module;
    if (loader === "json") return undefined;
    const text = sourceText(source);
    if (text === undefined) return undefined;
    const resolve = resolverFor(manifest);
    if (!needsLexer(text, path, loader, resolve)) return undefined;
    // Ready JavaScript, where it has some, spares Bun's transpiler too.
    if (bunForm.derive(source, module)) return undefined;
    try {
      // Kept even where nothing changed: the form tells a run so without the lexer.
      return utf8.encode(rewriteModule(text, path, loader, resolve, { scanner: false }));
    } catch {
      // What only Bun's scanner reads (JSX the lexer cannot): the adapter rewrites it at run time, as the encode may run elsewhere.
      return undefined;
    }
  },
};

/** One resolver per encode: the manifest it was given, read as the adapter reads it at run time. */
const resolvers = new WeakMap<Manifest, ResolvePixel>();
function resolverFor(manifest: Manifest): ResolvePixel {
  let resolve = resolvers.get(manifest);
  if (!resolve) {
    resolve = bunResolver(new PixelModules(manifest, resolveOptions({ cacheDir: false })));
    resolvers.set(manifest, resolve);
  }
  return resolve;
}

/**
 * The map with `lines` more on top, for the pragma (and a shell). Bun drops an inline map without
 * `sourcesContent` as invalid; `[null]` is accepted and keeps the source out of the map.
 */
function shifted(map: string, lines: number): string {
  const json = JSON.parse(map) as { mappings: string; sourcesContent?: (string | null)[] };
  return JSON.stringify({ ...json, mappings: `${";".repeat(lines)}${json.mappings}`, sourcesContent: [null] });
}

/** The text of the tsconfig.json Bun would read for a module in `dir` (the nearest one above it); esbuild reads the options that change emitted code. */
function nearestTsconfig(dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    const file = join(at, "tsconfig.json");
    if (existsSync(file)) return readFileSync(file, "utf8");
    if (dirname(at) === at) return undefined;
  }
}
