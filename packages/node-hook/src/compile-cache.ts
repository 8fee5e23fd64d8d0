/**
 * Node's compile cache, under a trust key. Once on (`NODE_COMPILE_CACHE`, `module.enableCompileCache()`),
 * V8 runs the bytecode it finds there for every module the hook serves, checked only against the
 * source's length and a CRC-32 — no signature covers it, and `module.enableCompileCache()` with no
 * folder puts it in the system's temporary folder, which other users share. So under a trust key a
 * cache already on must be writable by you alone (as Deno's mirror must: core's assertPrivate), and
 * nothing the process runs later can turn one on elsewhere (`NODE_DISABLE_COMPILE_CACHE`, which
 * Node reads at each call and workers and child processes inherit).
 *
 * @example
 * if (pixels.trusted) guardCompileCache();
 */
import * as nodeModule from "node:module";
import { assertPrivate } from "@pxos/core/runtime";

export function guardCompileCache(): void {
  const dir = nodeModule.getCompileCacheDir?.();
  if (dir === undefined) {
    process.env.NODE_DISABLE_COMPILE_CACHE = "1";
    return;
  }
  assertPrivate(
    [dir],
    "V8 runs the bytecode Node cached there for modules the hook serves, and no signature covers it: under a trust key it must be writable by you alone (or set NODE_DISABLE_COMPILE_CACHE=1)",
  );
}
