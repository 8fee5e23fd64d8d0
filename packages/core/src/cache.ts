/**
 * Where pxos keeps what it derives from verified pixels to start faster, and
 * the strippers that derive JavaScript from TypeScript (the cache of it is
 * stripped-pack.ts). Runtimes compile JavaScript faster than they strip
 * TypeScript (Node about 2.4×), so adapters serve a module's stripped form.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { nodeModule } from "./builtins.ts";

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
