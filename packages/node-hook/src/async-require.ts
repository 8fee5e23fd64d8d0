/**
 * module.register's hooks run off-thread and see import only: a require() (createRequire, or a
 * CommonJS module's own) goes through the CommonJS loader, which asks them nothing, and would run
 * the file on disk in place of a pixel module. That file is not what was verified or signed, so
 * in the app's thread every require() that lands on a pixel module is checked first: under a trust
 * key it is refused (only module.registerHooks can serve it), and without one a damaged image
 * stops it as it stops an import.
 */
import * as nodeModule from "node:module";
import { type PixelModules, PxosError } from "@pxos/core/runtime";

type ModuleInternals = typeof nodeModule.Module & {
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
};

/** Installs the check; returns the function that removes it. */
export function guardAsyncRequire(pixels: PixelModules): () => void {
  const Module = nodeModule.Module as ModuleInternals;
  const original = Module._resolveFilename;
  const resolveFilename: ModuleInternals["_resolveFilename"] = function (this: unknown, ...args) {
    const path = original.apply(this, args);
    if (!pixels.has(path)) return path;
    if (pixels.trusted)
      throw new PxosError(
        "UNSIGNED",
        "a trust key is set, and require() of a pixel module under module.register's hooks would run the file on disk, not the signed pixels (those hooks see import only): import it, or use a Node with module.registerHooks",
        path,
      );
    pixels.read(path);
    return path;
  };
  Module._resolveFilename = resolveFilename;
  return () => {
    if (Module._resolveFilename === resolveFilename) Module._resolveFilename = original;
  };
}
