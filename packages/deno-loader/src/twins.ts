/**
 * A module's JavaScript for Deno (derive.ts) lives beside its file in the mirror as `<name>.mjs`
 * (Deno reads a file's kind from its extension). Its imports of other modules that have such
 * JavaScript are sent there by their specifiers, rewritten in place: only the import's own line
 * changes, and from the specifier on. An import map key per module would do it too, but Deno
 * walks every key for each import it resolves (index.ts, routes).
 */
import { dirname, relative } from "node:path";
import { isPathSpecifier } from "@pxos/core/runtime";
import { parse } from "es-module-lexer";

export const JAVASCRIPT_SUFFIX = ".mjs";

/**
 * @example
 * const named = namingJavaScript(javaScript, (specifier, importer) => pixels.resolve(specifier, importer));
 * named('import { b } from "./b.ts";', "/app/a.ts") // 'import { b } from "./b.ts.mjs";' when b.ts has JavaScript for Deno
 */
export function namingJavaScript(
  javaScript: Map<string, string>,
  resolve: (specifier: string, importer: string) => string | undefined,
): (js: string, path: string) => string {
  return (js, path) => {
    let out = js;
    // From the last import back, so the positions of the earlier ones hold.
    for (const imp of [...parse(js)[0]].reverse()) {
      const specifier = imp.specifier;
      if (imp.type === "import-meta" || typeof specifier !== "string" || !isPathSpecifier(specifier)) continue;
      // A query or fragment makes another module instance of the same file for Deno: left as written.
      if (/[?#]/.test(specifier)) continue;
      // The specifier as written, without its quotes (a dynamic import's span has them): escapes are left alone.
      const quoted = imp.type === "dynamic" ? 1 : 0;
      const [start, end] = [imp.start + quoted, imp.end - quoted];
      if (js.slice(start, end) !== specifier) continue;
      const target = resolve(specifier, path);
      if (target === undefined || !javaScript.has(target)) continue;
      const named = relative(dirname(path), target) + JAVASCRIPT_SUFFIX;
      out = out.slice(0, start) + (named.startsWith("../") ? named : `./${named}`) + out.slice(end);
    }
    return out;
  };
}
