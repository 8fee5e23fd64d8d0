/**
 * How a relative import finds a pixel module: the same rules on every
 * runtime, those of TypeScript's "bundler" resolution — exact path, then a
 * `.js`-family extension swapped for its TypeScript twin, then each known
 * extension appended, then `index` files.
 */
import { dirname, resolve } from "node:path";
import { url } from "../base/builtins.ts";

const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".json"];
const TS_TWINS: Record<string, string[]> = { ".js": [".ts", ".tsx"], ".jsx": [".tsx"], ".mjs": [".mts"], ".cjs": [".cts"] };

/** True for specifiers resolved against the importer or the file system: `./x`, `../x`, `/x`, `file:` URLs. */
export function isPathSpecifier(specifier: string): boolean {
  return /^\.\.?(\/|$)/.test(specifier) || specifier.startsWith("/") || specifier.startsWith("file:");
}

/** The absolute paths a path specifier may mean, most specific first; lazily, as most imports match the first. */
export function* candidatePaths(specifier: string, importerDir: string): Generator<string> {
  const base = specifier.startsWith("file:") ? url().fileURLToPath(specifier) : resolve(importerDir, specifier);
  yield* pathAndTwins(base);
  for (const ext of EXTENSIONS) yield base + ext;
  for (const ext of EXTENSIONS) yield `${base}/index${ext}`;
}

/** The path itself, then, for a `.js`-family extension, its TypeScript twins. */
export function* pathAndTwins(path: string): Generator<string> {
  yield path;
  const dot = path.lastIndexOf(".");
  const twins = dot > path.lastIndexOf("/") ? TS_TWINS[path.slice(dot)] : undefined;
  if (twins) for (const ext of twins) yield path.slice(0, dot) + ext;
}

/**
 * Resolve a path specifier to a module that `exists` says is there.
 *
 * @example
 * resolvePathSpecifier("./util.js", "/app/src/main.ts", (p) => pixels.has(p)) // "/app/src/util.ts"
 */
export function resolvePathSpecifier(specifier: string, importerPath: string, exists: (absPath: string) => boolean): string | undefined {
  if (!isPathSpecifier(specifier)) return undefined;
  const bare = specifier.replace(/[?#].*$/, "");
  for (const path of candidatePaths(bare, dirname(importerPath))) if (exists(path)) return path;
  return undefined;
}
