/**
 * Bun's runtime transpiler cache, under a trust key. Bun keeps the JavaScript it makes of every
 * module of 50 KB or more that it transpiles — a pixel module without ready JavaScript included —
 * and runs it again for the same source, checked only by a hash anyone can compute: whoever can
 * write that folder chooses what runs (tests/trust/runtime-caches.test.ts forges an entry). So
 * under a trust key it must be writable by you alone, as Deno's mirror must (core's assertPrivate).
 *
 * Where Bun keeps it, by its own rules (src/bun.js/RuntimeTranspilerCache.zig):
 * `$BUN_RUNTIME_TRANSPILER_CACHE_PATH` (empty or `0`: off), else `$XDG_CACHE_HOME/bun/@t@`, else
 * `~/Library/Caches/bun/@t@` on macOS, else `~/.bun/install/cache/@t@`. Bun reads them from the
 * environment it started with, which a project's `.env` does not change (Bun's process.env shows the
 * `.env`): on Linux that is /proc/self/environ.
 *
 * @example
 * if (pixels.trusted) assertTranspilerCachePrivate();
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assertPrivate } from "@pxos/core/runtime";

/** The folder Bun's transpiler cache is in for `env`; undefined when it is off. */
export function transpilerCacheDir(env: Readonly<Record<string, string | undefined>>, platform = process.platform): string | undefined {
  const set = env.BUN_RUNTIME_TRANSPILER_CACHE_PATH;
  if (set !== undefined) return set === "" || set === "0" ? undefined : set;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "bun", "@t@");
  // node:os only where HOME is unset: it costs every Bun start that imports it (BENCHMARKS.md, Measured once).
  const home = env.HOME || process.getBuiltinModule("node:os").homedir();
  return platform === "darwin" ? join(home, "Library", "Caches", "bun", "@t@") : join(home, ".bun", "install", "cache", "@t@");
}

/** Throws UNSAFE_LOCATION when someone other than the user could write Bun's transpiler cache. */
export function assertTranspilerCachePrivate(): void {
  const dir = transpilerCacheDir(startEnvironment());
  if (dir)
    assertPrivate(
      [dir],
      "Bun runs the JavaScript it cached there for a module it transpiles, and no signature covers it: under a trust key it must be writable by you alone (set BUN_RUNTIME_TRANSPILER_CACHE_PATH to a folder of yours, or 0)",
    );
}

/** The environment Bun started with, where the system keeps it; else process.env. */
function startEnvironment(): Record<string, string | undefined> {
  try {
    const env: Record<string, string> = {};
    for (const entry of readFileSync("/proc/self/environ", "latin1").split("\0")) {
      const at = entry.indexOf("=");
      if (at > 0) env[entry.slice(0, at)] = entry.slice(at + 1);
    }
    return env;
  } catch {
    return process.env;
  }
}
