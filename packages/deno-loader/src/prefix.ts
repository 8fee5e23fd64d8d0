/**
 * What pxos adds to an ES module in the mirror: one statement handing the guard the module's
 * `import.meta` (and counting the module), inserted where the first token starts so no line moves
 * and leading pragmas (`@jsx`, `@jsxImportSource`) stay leading. Either it imports the guard itself
 * ({@link withGuard}), or, where the map's entry wrappers run the guard before any mirrored module
 * (mirror.ts), it calls what the guard left on `globalThis` ({@link withCall}): an import edge per
 * module was most of what the mirror cost Deno (BENCHMARKS.md, Measured once). It names nothing the
 * module can declare: `import.meta` cannot be shadowed, the guard's local name is one the source
 * never spells, and a module that spells `globalThis` imports the guard.
 */
export const GUARD_SPECIFIER = "pxos:guard";

/** The property of `globalThis` where the guard leaves the function every mirrored module calls. */
export const MODULE_CALL = "pxos.module";

/**
 * @example
 * withGuard('import { b } from "./b.ts";\nconsole.log(import.meta.url);', "file:///app/a.ts", "/app/a.ts")
 * // 'import __pxos from "pxos:guard";__pxos(import.meta,"file:///app/a.ts","/app/a.ts");import { b } from "./b.ts";\n…'
 */
export function withGuard(source: string, url: string, path: string): string {
  let name = "__pxos";
  for (let n = 1; source.includes(name); n++) name = `__pxos${n}`;
  return insert(source, `import ${name} from "${GUARD_SPECIFIER}";${name}(${metaArgs(source, url, path)});`);
}

/**
 * The guard's function without an import of the guard, for a module only ever reached after the guard
 * ran; a module that spells `globalThis` (it could declare its own) imports the guard instead.
 *
 * @example
 * withCall('export const x = 1;\n', "file:///app/a.ts", "/app/a.ts")
 * // 'globalThis["pxos.module"]?.();export const x = 1;\n'
 */
export function withCall(source: string, url: string, path: string): string {
  if (/\bglobalThis\b/.test(source)) return withGuard(source, url, path);
  return insert(source, `globalThis[${JSON.stringify(MODULE_CALL)}]?.(${metaArgs(source, url, path)});`);
}

/** Touching import.meta makes Deno build it: only a module that names it gets it replaced. */
function metaArgs(source: string, url: string, path: string): string {
  return source.includes("import.meta") ? `import.meta,${JSON.stringify(url)},${JSON.stringify(path)}` : "";
}

function insert(source: string, statement: string): string {
  const at = firstToken(source);
  // No code at all: a new last line, so a trailing line comment cannot swallow the statement.
  if (at === source.length) return `${source}\n${statement}`;
  return source.slice(0, at) + statement + source.slice(at);
}

/** Where the first token starts: after a shebang, whitespace and comments. */
function firstToken(source: string): number {
  let i = source.startsWith("#!") ? lineEnd(source, 0) : 0;
  while (i < source.length) {
    if (/\s/.test(source[i] as string)) i++;
    else if (source.startsWith("//", i)) i = lineEnd(source, i);
    else if (source.startsWith("/*", i)) {
      const end = source.indexOf("*/", i + 2);
      if (end < 0) return source.length;
      i = end + 2;
    } else break;
  }
  return i;
}

function lineEnd(source: string, from: number): number {
  const nl = source.indexOf("\n", from);
  return nl < 0 ? source.length : nl;
}
