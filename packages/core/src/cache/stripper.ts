/**
 * The strippers that derive JavaScript from TypeScript (the cache of it is
 * stripped-pack.ts). Runtimes compile JavaScript faster than they strip
 * TypeScript (BENCHMARKS.md), so adapters serve a module's stripped form.
 */
import { nodeModule } from "../base/builtins.ts";

/** Strips erasable TypeScript, keeping every line and column; throws on syntax that needs a transform (enum, namespace). */
export interface Stripper {
  /** Names the stripper and its version: entries of another version are never served. */
  id: string;
  strip(source: string): string;
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
