/**
 * Where pxos keeps what it derives from verified pixels to start faster, and
 * the strippers that derive JavaScript from TypeScript (the cache of it is
 * stripped-pack.ts). Runtimes compile JavaScript faster than they strip
 * TypeScript (BENCHMARKS.md), so adapters serve a module's stripped form.
 */
import { isAbsolute, join, resolve } from "node:path";
import { nodeModule, os } from "./builtins.ts";

/** Strips erasable TypeScript, keeping every line and column; throws on syntax that needs a transform (enum, namespace). */
export interface Stripper {
  /** Names the stripper and its version: entries of another version are never served. */
  id: string;
  strip(source: string): string;
}

/** The folder older versions kept their cache in, inside the project: still never encoded. */
export const CACHE_DIR_NAME = ".pxos-cache";

/**
 * pxos's cache folder, or undefined when `PXOS_CACHE=0` turns caching off. `PXOS_CACHE_DIR` wins;
 * else the user's cache directory, where Deno keeps its DENO_DIR: `$XDG_CACHE_HOME/pxos` or
 * `~/.cache/pxos` on Linux, `~/Library/Caches/pxos` on macOS, `%LOCALAPPDATA%\pxos` on Windows.
 * Never in the project, where a cache would be encoded or committed, nor under node_modules, whose
 * files Deno treats as npm package code. One folder serves every project: what it holds is named by
 * project and content.
 *
 * @example
 * cacheDir() // "/home/me/.cache/pxos" on Linux
 */
export function cacheDir(env: Record<string, string | undefined> = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (["0", "off", "false"].includes(env.PXOS_CACHE ?? "")) return undefined;
  if (env.PXOS_CACHE_DIR) return resolve(env.PXOS_CACHE_DIR);
  const home = () => (platform === "win32" ? env.USERPROFILE : env.HOME) || os().homedir();
  if (platform === "win32") return join(env.LOCALAPPDATA || join(home(), "AppData", "Local"), "pxos");
  if (platform === "darwin") return join(home(), "Library", "Caches", "pxos");
  // The XDG spec ignores a relative XDG_CACHE_HOME.
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home(), ".cache"), "pxos");
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
