/**
 * module.register's hooks run off-thread and see import only: a require() (createRequire, or a
 * CommonJS module's own) goes through the CommonJS loader, which asks them nothing, and would run
 * the file on disk in place of a pixel module. So in the app's thread the CommonJS loader is taught
 * the pixels, as tsx and pirates teach it TypeScript: Module._resolveFilename finds them
 * (commonjs.ts), and Module._extensions compiles a pixel module's verified source where it would
 * read the file. Node sends every extension it has no handler of its own for (.cjs .cts .ts .mjs)
 * to the `.js` one; `module._compile` strips TypeScript the way Node strips it for require(), and
 * for an ES module it does require(esm).
 */
import * as nodeModule from "node:module";
import type { PixelModules } from "@pxos/core/runtime";
import { installCommonJsWorkaround } from "./commonjs.ts";
import { createFormatResolver } from "./format.ts";

interface CjsModule {
  exports: unknown;
  _compile(source: string, filename: string, format: string): unknown;
}
type Handler = (module: CjsModule, filename: string) => void;
type ModuleInternals = typeof nodeModule.Module & { _extensions: Record<string, Handler> };

const EXTENSIONS = [".js", ".json"];
const fromUtf8 = new TextDecoder();

/** Installs it; returns the function that removes it. */
export function serveAsyncRequire(pixels: PixelModules): () => void {
  const { _extensions: extensions } = nodeModule.Module as ModuleInternals;
  const formatOf = createFormatResolver(pixels);
  const originals = EXTENSIONS.map((ext) => extensions[ext] as Handler);
  const handlers = originals.map(
    (original): Handler =>
      function (this: unknown, module, filename) {
        if (!pixels.has(filename)) return original.call(this, module, filename);
        const mod = pixels.read(filename, { transient: true });
        const source = fromUtf8.decode(mod.bytes);
        const format = formatOf(filename, mod.loader, source);
        if (format !== "json") return void module._compile(source, filename, format);
        try {
          module.exports = JSON.parse(source);
        } catch (err) {
          (err as Error).message = `${filename}: ${(err as Error).message}`;
          throw err;
        }
      },
  );
  EXTENSIONS.forEach((ext, i) => {
    extensions[ext] = handlers[i] as Handler;
  });
  const removeResolve = installCommonJsWorkaround(pixels);
  return () => {
    removeResolve();
    EXTENSIONS.forEach((ext, i) => {
      if (extensions[ext] === handlers[i]) extensions[ext] = originals[i] as Handler;
    });
  };
}
