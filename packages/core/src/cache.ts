/**
 * Where pxos keeps what it derives from verified pixels to start faster, and
 * the one thing it derives for every runtime: JavaScript stripped from a
 * TypeScript module. Runtimes compile JavaScript faster than they strip
 * TypeScript (Node about 2.4×), so an adapter serves a module's stripped form
 * once it has made it. Entries are keyed by the SHA-256 of the verified
 * source and the stripper's version, written atomically, and end with the
 * SHA-256 of their JavaScript: a damaged entry is a miss, never code.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeFileAtomic } from "./atomic.ts";
import { crypto, nodeModule } from "./builtins.ts";

/** Strips erasable TypeScript, keeping every line and column; throws on syntax that needs a transform (enum, namespace). */
export interface Stripper {
  /** Names the stripper and its version: entries of another version are never served. */
  id: string;
  strip(source: string): string;
}

/** The folder a cache without its own setting lives in. */
export const CACHE_DIR_NAME = ".pxos-cache";

/**
 * The cache folder for a project, or undefined when `PXOS_CACHE=0` turns caching off.
 * `PXOS_CACHE_DIR` wins; else `node_modules/.cache/pxos` when the project has node_modules
 * (where Babel, ESLint and others keep theirs), else `.pxos-cache` in the project.
 *
 * @example
 * cacheDir("/app") // "/app/node_modules/.cache/pxos"
 */
export function cacheDir(root: string, env: Record<string, string | undefined> = process.env): string | undefined {
  if (["0", "off", "false"].includes(env.PXOS_CACHE ?? "")) return undefined;
  if (env.PXOS_CACHE_DIR) return resolve(env.PXOS_CACHE_DIR);
  const modules = join(root, "node_modules");
  return existsSync(modules) ? join(modules, ".cache", "pxos") : join(root, CACHE_DIR_NAME);
}

/**
 * The runtime's own `stripTypeScriptTypes` from `node:module` (Node 22.13+ and Deno have it,
 * Bun does not): on Node it is the amaro Node strips `.ts` files with, so a cached module is
 * the very JavaScript Node would have compiled.
 *
 * @example
 * const stripper = builtinStripper(); // undefined on Bun
 */
export function builtinStripper(): Stripper | undefined {
  const strip = (nodeModule() as { stripTypeScriptTypes?: (source: string) => string }).stripTypeScriptTypes;
  if (typeof strip !== "function") return undefined;
  const { amaro, deno, node } = process.versions as Record<string, string | undefined>;
  const id = amaro ? `amaro-${amaro}` : deno ? `deno-${deno}` : `node-${node}`;
  return { id, strip: (source) => withoutWarnings(() => strip(source)) };
}

/** Node warns once a process that stripTypeScriptTypes is experimental: the app never asked for it, so its stderr stays the app's. */
function withoutWarnings<T>(fn: () => T): T {
  const emit = process.emitWarning;
  process.emitWarning = () => {};
  try {
    return fn();
  } finally {
    process.emitWarning = emit;
  }
}

const TRAILER = "\n//# pxos-sha256=";
const sha256 = (text: string) => crypto().createHash("sha256").update(text).digest("hex");

/**
 * A function from a verified module (its SHA-256 and a way to get its source) to its
 * stripped JavaScript, or undefined when it cannot be stripped: the caller then serves the
 * TypeScript, so the runtime reports non-erasable syntax exactly as it would for a file.
 * The source is only decoded on a miss. A cache that cannot be written still strips.
 *
 * @example
 * const stripped = strippedCache(cacheDir(root), { id: "node-amaro-1.1.11", strip });
 * const js = stripped(mod.sha256, () => text) ?? text;
 */
export function strippedCache(dir: string, stripper: Stripper): (sha: string, source: () => string) => string | undefined {
  const folder = join(dir, "stripped", stripper.id);
  return (sha, source) => {
    const file = join(folder, `${sha}.js`);
    const cached = readEntry(file);
    if (cached !== undefined) return cached;
    let js: string;
    try {
      js = stripper.strip(source());
    } catch {
      return undefined;
    }
    try {
      writeFileAtomic(file, `${js}${TRAILER}${sha256(js)}\n`);
    } catch {
      // Read-only or full: this run serves what it stripped, the next strips again.
    }
    return js;
  };
}

function readEntry(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const at = text.lastIndexOf(TRAILER);
  if (at < 0) return undefined;
  const js = text.slice(0, at);
  return text.slice(at + TRAILER.length, -1) === sha256(js) ? js : undefined;
}
