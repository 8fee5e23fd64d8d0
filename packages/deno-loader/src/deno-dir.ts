/**
 * Deno's own caches, under a trust key. Deno keeps in its DENO_DIR the V8 bytecode of the modules it
 * ran and the JavaScript it emitted for TypeScript, and takes them again for a module whose source
 * hashes the same, by hashes that are no signature: whoever can write DENO_DIR chooses what runs for
 * a mirrored module. So under a trust key `pxos import-map` wants it writable by you alone, as the
 * mirror is (core's assertPrivate).
 *
 * Where Deno keeps it: `$DENO_DIR`, else `deno` in the user's cache directory, where pxos keeps its
 * own cache (core's userCacheDir), as `deno info` prints.
 *
 * @example
 * assertPrivate([denoDir(process.env)], DENO_DIR_UNSAFE);
 */
import { join } from "node:path";
import { userCacheDir } from "@pxos/core/runtime";

export const DENO_DIR_UNSAFE =
  "Deno runs the bytecode and the JavaScript it cached there for the mirrored modules, and no signature covers them: under a trust key DENO_DIR must be writable by you alone (set DENO_DIR to a folder of yours)";

export function denoDir(env: Readonly<Record<string, string | undefined>>, platform = process.platform): string {
  return env.DENO_DIR || join(userCacheDir(env, platform), "deno");
}
