/**
 * Bare specifiers in a `data:` module cannot be resolved by Deno (no base,
 * no package to be "a dependency" of), so they are resolved here, as Deno
 * would from the module's original folder, to a file on disk.
 */
import { realpathSync } from "node:fs";
import { builtinModules } from "node:module";
import enhancedResolve from "enhanced-resolve";

const resolver = enhancedResolve.create.sync({
  conditionNames: ["deno", "import", "module", "default"],
  extensions: [".js", ".mjs", ".ts", ".mts", ".json"],
  mainFields: ["module", "main"],
});

const UNTOUCHED = /^(node|npm|jsr|https?|data|bun):/;
const builtins = new Set(builtinModules);

/** The real path a bare specifier means from `fromDir`, or undefined to leave it to Deno. */
export function resolveBare(specifier: string, fromDir: string): string | undefined {
  if (UNTOUCHED.test(specifier) || builtins.has(specifier)) return undefined;
  try {
    const found = resolver(fromDir, specifier);
    return found ? realpathSync(found) : undefined;
  } catch {
    return undefined;
  }
}
