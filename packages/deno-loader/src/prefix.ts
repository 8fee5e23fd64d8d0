/**
 * What pxos adds to an ES module in the mirror: one statement importing the
 * guard and handing it the module's `import.meta`, inserted where the first
 * token starts so no line moves and leading pragmas (`@jsx`, `@jsxImportSource`)
 * stay leading. It names nothing the module can declare: `import.meta` cannot
 * be shadowed, and the guard's local name is one the source never spells.
 */
export const GUARD_SPECIFIER = "pxos:guard";

/**
 * @example
 * withGuard('import { b } from "./b.ts";\nconsole.log(import.meta.url);', "file:///app/a.ts", "/app/a.ts")
 * // 'import __pxos from "pxos:guard";__pxos(import.meta,"file:///app/a.ts","/app/a.ts");import { b } from "./b.ts";\n…'
 */
export function withGuard(source: string, url: string, path: string): string {
  let name = "__pxos";
  for (let n = 1; source.includes(name); n++) name = `__pxos${n}`;
  const at = firstToken(source);
  // Touching import.meta makes Deno build it: only a module that names it gets it replaced.
  const meta = source.includes("import.meta") ? `import.meta,${JSON.stringify(url)},${JSON.stringify(path)}` : "";
  const statement = `import ${name} from "${GUARD_SPECIFIER}";${name}(${meta});`;
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
