/**
 * Deno's own caches, under a trust key. Deno keeps in its DENO_DIR the V8 bytecode of the modules it
 * ran and the JavaScript it emitted for TypeScript, and takes them again for a module whose source
 * hashes the same, by hashes that are no signature: whoever can write DENO_DIR chooses what runs for
 * a mirrored module. So under a trust key `pxos import-map` wants it writable by you alone, as the
 * mirror is (core's assertPrivate).
 *
 * Where Deno keeps it: `$DENO_DIR`, else `$XDG_CACHE_HOME/deno`, else `~/.cache/deno`
 * (`~/Library/Caches/deno` on macOS, `%LOCALAPPDATA%\deno` on Windows), as `deno info` prints.
 *
 * @example
 * assertPrivate([denoDir(process.env)], DENO_DIR_UNSAFE);
 */
import { isAbsolute, join } from "node:path";

export const DENO_DIR_UNSAFE =
  "Deno runs the bytecode and the JavaScript it cached there for the mirrored modules, and no signature covers them: under a trust key DENO_DIR must be writable by you alone (set DENO_DIR to a folder of yours)";

export function denoDir(env: Readonly<Record<string, string | undefined>>, platform = process.platform): string {
  if (env.DENO_DIR) return env.DENO_DIR;
  const home = env.HOME || process.getBuiltinModule("node:os").homedir();
  if (platform === "win32") return join(env.LOCALAPPDATA || join(home, "AppData", "Local"), "deno");
  if (platform === "darwin") return join(home, "Library", "Caches", "deno");
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, ".cache"), "deno");
}
