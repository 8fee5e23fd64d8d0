/**
 * Makes a module runnable from a `data:` URL without moving a line: every
 * specifier becomes an absolute URL (relative imports cannot resolve from
 * `data:`), `import.meta` becomes the original module's, computed `import()`
 * resolves against the original file, and one prefix on the first line
 * imports the guard that checks the map is current. Uses a real lexer
 * (es-module-lexer), never regexes over source.
 */
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import { isPathSpecifier } from "@pxos/core/runtime";
import { init, parse } from "es-module-lexer";
import { resolveBare } from "./bare.ts";

await init;

export const GUARD_SPECIFIER = "pxos:guard";
const STATS = 'globalThis[Symbol.for("pxos.stats")]';

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * @example
 * rewriteModule('import { b } from "./b.ts";', "/app/a.ts", (s, from) => pixels.resolve(s, from))
 * // 'import "pxos:guard";…import { b } from "file:///app/b.ts";\n…'
 */
export function rewriteModule(source: string, path: string, resolvePixel: (specifier: string, importer: string) => string | undefined): string {
  const [imports] = parse(source, path);
  const edits: Edit[] = [];
  const toUrl = (specifier: string): string | undefined => {
    if (isPathSpecifier(specifier)) {
      const pixel = resolvePixel(specifier, path);
      return pixel ? pathToFileURL(pixel).href : new URL(specifier, pathToFileURL(path)).href;
    }
    const bare = resolveBare(specifier, dirname(path));
    return bare ? pathToFileURL(bare).href : undefined;
  };
  for (const imp of imports) {
    if (imp.type === "import-meta") {
      edits.push({ start: imp.start, end: imp.end, text: "__pxos_meta()" });
    } else if (imp.type === "dynamic") {
      const url = imp.specifier === undefined || imp.glob ? undefined : toUrl(imp.specifier);
      // start..end spans the quoted literal; a computed specifier is resolved at run time instead.
      if (url) edits.push({ start: imp.start, end: imp.end, text: JSON.stringify(url) });
      else if (imp.specifier === undefined || imp.glob) edits.push({ start: imp.importStart, end: imp.importStart + "import".length, text: "__pxos_import" });
    } else {
      const url = toUrl(imp.specifier);
      if (url) edits.push({ start: imp.start, end: imp.end, text: url });
    }
  }
  let out = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return prefix(out) + tail(path);
}

/** The guard import and the load count go on the first line (after a shebang): ESM hoists the import, so the guard runs first. */
function prefix(source: string): string {
  const head = `import "${GUARD_SPECIFIER}";${STATS}.loadedModules++;`;
  if (!source.startsWith("#!")) return head + source;
  const nl = source.indexOf("\n");
  return nl < 0 ? `${source}\n${head}` : source.slice(0, nl + 1) + head + source.slice(nl + 1);
}

/** Hoisted helpers after the last line, plain JavaScript (valid in .js and .ts alike): no line moves, and they exist before the body runs. */
function tail(path: string): string {
  const url = `${pathToFileURL(path).href}?pxos`;
  return [
    "",
    `function __pxos_meta() { return { url: ${JSON.stringify(url)}, filename: ${JSON.stringify(path)}, dirname: ${JSON.stringify(dirname(path))}, main: import.meta.main, resolve: __pxos_resolve }; }`,
    `function __pxos_resolve(s) { return /^\\.{0,2}\\//.test(s) ? new URL(s, ${JSON.stringify(url)}).href : import.meta.resolve(s); }`,
    "function __pxos_import(s, o) { return import(__pxos_resolve(s), o); }",
    "",
  ].join("\n");
}
