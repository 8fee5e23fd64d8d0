/**
 * How a relative import finds a pixel module: the same rules on every
 * runtime, those of TypeScript's "bundler" resolution — exact path, then a
 * `.js`-family extension swapped for its TypeScript twin, then each known
 * extension appended, then, for a folder, its package.json's `"main"` (as
 * require() and Bun read it) and its `index` files.
 */
import { dirname, resolve, sep } from "node:path";
import { url } from "../base/builtins.ts";

const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".json"];
const TS_TWINS: Record<string, string[]> = { ".js": [".ts", ".tsx"], ".jsx": [".tsx"], ".mjs": [".mts"], ".cjs": [".cts"] };

/** True for specifiers resolved against the importer or the file system: `./x`, `../x`, `/x`, `file:` URLs. */
export function isPathSpecifier(specifier: string): boolean {
  return /^\.\.?(\/|$)/.test(specifier) || specifier.startsWith("/") || specifier.startsWith("file:");
}

/** The absolute paths a path specifier may mean, most specific first; lazily, as most imports match the first. */
export function candidatePaths(specifier: string, importerDir: string): Generator<string> {
  return candidatesOf(basePath(specifier, importerDir));
}

/** The absolute path a path specifier names as written. */
function basePath(specifier: string, importerDir: string): string {
  return specifier.startsWith("file:") ? url().fileURLToPath(specifier) : resolve(importerDir, specifier);
}

function* candidatesOf(base: string): Generator<string> {
  yield base;
  yield* alternativesOf(base);
}

/** The `"main"` of the package.json in a folder, if it names one. */
export type MainOf = (dir: string) => string | undefined;

/**
 * What else a path may mean when it is not a module as written: its twins, each extension appended,
 * then, as a folder, what its `"main"` names (as a file, then as a folder's index) and its `index` files.
 */
function* alternativesOf(base: string, mainOf?: MainOf): Generator<string> {
  yield* twinsOf(base);
  for (const ext of EXTENSIONS) yield base + ext;
  const main = mainOf?.(base);
  if (main) yield* candidatesOf(resolve(base, main));
  for (const ext of EXTENSIONS) yield `${base}/index${ext}`;
}

/** The path itself, then, for a `.js`-family extension, its TypeScript twins. */
export function* pathAndTwins(path: string): Generator<string> {
  yield path;
  yield* twinsOf(path);
}

function* twinsOf(path: string): Generator<string> {
  const dot = path.lastIndexOf(".");
  const twins = dot > path.lastIndexOf("/") ? TS_TWINS[path.slice(dot)] : undefined;
  if (twins) for (const ext of twins) yield path.slice(0, dot) + ext;
}

/**
 * Resolve a path specifier to a module that `exists` says is there; `mainOf` reads a folder's
 * package.json, asked only once the path is no module with any extension.
 *
 * @example
 * resolvePathSpecifier("./util.js", "/app/src/main.ts", (p) => pixels.has(p)) // "/app/src/util.ts"
 * resolvePathSpecifier("./pkg", "/app/main.cjs", (p) => pixels.has(p), (dir) => mains.get(dir)) // "/app/pkg/dist/lib.js"
 */
export function resolvePathSpecifier(specifier: string, importerPath: string, exists: (absPath: string) => boolean, mainOf?: MainOf): string | undefined {
  if (!isPathSpecifier(specifier)) return undefined;
  const bare = specifier.replace(/[?#].*$/, "");
  // Most imports name their module exactly: that path is tried before the candidates' generator.
  const base = joinRelative(importerPath, bare) ?? basePath(bare, dirname(importerPath));
  if (exists(base)) return base;
  for (const path of alternativesOf(base, mainOf)) if (exists(path)) return path;
  return undefined;
}

/** A POSIX path of segments none of which is empty, `.` or `..`: one path.resolve would leave as it is. */
const NORMAL_SEGMENTS = /^(?!\.\.?(?:\/|$))[^/]+(?:\/(?!\.\.?(?:\/|$))[^/]+)*$/;

/**
 * `path.resolve(dirname(importerPath), specifier)` for a specifier of `./` and `../` steps and then
 * normal segments, from a normal absolute POSIX path: by slicing, where path.resolve and dirname go
 * character by character (cold, a hundred imports' worth cost a Node start ~2 ms). Undefined for
 * anything else, which path.resolve then takes.
 */
function joinRelative(importerPath: string, specifier: string): string | undefined {
  if (sep !== "/" || !importerPath.startsWith("/") || !NORMAL_SEGMENTS.test(importerPath.slice(1))) return undefined;
  let dir = importerPath.slice(0, importerPath.lastIndexOf("/"));
  let at = 0;
  for (;;) {
    if (specifier.startsWith("./", at)) at += 2;
    else if (specifier.startsWith("../", at) && dir !== "") {
      at += 3;
      dir = dir.slice(0, dir.lastIndexOf("/"));
    } else break;
  }
  const rest = specifier.slice(at);
  return at > 0 && NORMAL_SEGMENTS.test(rest) ? `${dir}/${rest}` : undefined;
}
