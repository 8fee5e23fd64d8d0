/**
 * @pxos/bun-plugin — serves every import of a pxos project from its pixels.
 * Bun-specific glue only: resolution, decoding and verification are core's.
 */

import {
  BUN_FORM,
  BUN_SOURCE_FORM,
  type Loader,
  type OptionsInput,
  type PixelModule,
  PixelModules,
  PxosError,
  pixelId,
  recordPixelStats,
  resolveOptions,
  stripPixelQuery,
} from "@pxos/core/runtime";
import type { BunPlugin } from "bun";
import { createHelpers, routeCreateRequire } from "./helpers.ts";
import { jsonModule } from "./json.ts";
import { pathsPattern, shadowsPattern } from "./patterns.ts";
import { bunPlatform } from "./platform.ts";
import { bunResolver } from "./resolver.ts";
import { HELPERS, rewriteModule } from "./rewrite.ts";
import { assertTranspilerCachePrivate } from "./transpiler-cache.ts";
import { forkPixelOnly, preloadNodeWorkers, preloadWebWorkers } from "./workers.ts";

export interface PxosBunOptions extends OptionsInput {
  /** A module every worker preloads (Bun starts workers without plugins); the preload entry passes itself. */
  workerPreload?: string;
}

const BUN_LOADERS: Record<Loader, "ts" | "tsx" | "js" | "jsx"> = {
  ts: "ts",
  tsx: "tsx",
  mts: "ts",
  cts: "ts",
  js: "js",
  jsx: "jsx",
  mjs: "js",
  cjs: "js",
  json: "js",
};

const utf8 = new TextDecoder();

/** The forms `pxos encode` derives for Bun (derive.ts), the one that spares Bun's transpiler first. */
const FORMS = [BUN_FORM, BUN_SOURCE_FORM];

/**
 * Bun resolves extensionless specifiers in files it reads itself without asking plugins
 * (oven-sh/bun#12261), landing on the plain path. That path gets a facade re-exporting the
 * `?pxos` module (`export *` carries a CommonJS module's `"module.exports"`), so both routes share one instance.
 */
function facade(id: string, exportsDefault: boolean): string {
  const target = JSON.stringify(id);
  return `export * from ${target};\n${exportsDefault ? `export { default } from ${target};\n` : ""}`;
}

/**
 * A Bun plugin that loads pixel modules; works with `Bun.plugin` and `Bun.build`.
 *
 * @example
 * Bun.plugin(pxosPlugin({ manifest: "pixel_manifest.json" }));
 * await Bun.build({ entrypoints: ["main.ts"], plugins: [pxosPlugin()] });
 */
export function pxosPlugin(opts: PxosBunOptions = {}): BunPlugin {
  const { workerPreload: preload, ...given } = opts;
  const options = resolveOptions(given);
  const log = options.debug ? (line: string) => console.error(`[pxos] ${line}`) : undefined;
  return {
    name: "pxos",
    setup(build) {
      const pixels = PixelModules.open(options, bunPlatform);
      const { manifest } = pixels;
      const resolvePixel = bunResolver(pixels);
      // Bun.build's bundler asks the plugin for every specifier and reads CommonJS itself: only the runtime needs the rewrite.
      const runtime = build.config === undefined;
      const workerPreload = runtime ? preload : undefined;
      // Under a trust key Bun's own cache of what it transpiled must be yours alone: it would stand in for the verified source.
      if (runtime && pixels.trusted) assertTranspilerCachePrivate();
      if (runtime) {
        const own = new Set([HELPERS, ...(workerPreload ? [workerPreload] : [])]);
        build.module(HELPERS, () => ({ exports: { helpers: createHelpers(resolvePixel, own) }, loader: "object" }));
        routeCreateRequire(resolvePixel, own);
      }
      const isPixel = (path: string) => pixels.has(path);
      if (workerPreload) {
        preloadWebWorkers(workerPreload, isPixel);
        // Under a trust key a node:worker_threads worker must never start without the preload, however its module got the
        // built-in. A fork always gets it (this process's execArgv): its patch only starts a module that lives in pixels alone.
        if (pixels.trusted) preloadNodeWorkers(workerPreload, isPixel);
      }
      /** Workers and child processes a module may start get pxos too, from the first module that names them. */
      const hooksFor = (code: { includes(s: string): boolean }) => {
        if (!workerPreload) return;
        if (code.includes("worker_threads")) preloadNodeWorkers(workerPreload, isPixel);
        if (code.includes("child_process")) forkPixelOnly(isPixel);
      };
      /** Decoded here because Bun reads byte contents as Latin-1; rewritten unless `pxos encode` did (BUN_SOURCE_FORM). */
      const contentsFor = (mod: PixelModule): string => {
        const text = utf8.decode(mod.bytes);
        if (mod.loader === "json") return jsonModule(text);
        if (!runtime) return text;
        hooksFor(text);
        return mod.form === BUN_SOURCE_FORM ? text : rewriteModule(text, mod.path, mod.loader, resolvePixel);
      };
      recordPixelStats({ installed: true, adapter: "bun", manifestPath: manifest.path, countTotals: () => manifest.totals() });
      // Runtime onLoad only fires for paths onResolve claimed (oven-sh/bun#9446), so claim pixel modules here.
      // At run time Bun asks about path specifiers only (the rest is rewritten); Bun.build asks about every one.
      build.onResolve({ filter: runtime ? /^(\.\.?(\/|$)|\/|file:)/ : /./ }, (args) => {
        const path = resolvePixel(
          args.path,
          stripPixelQuery(args.importer),
          args.kind === "require-call" || args.kind === "require-resolve" ? "require" : "import",
        );
        if (path) return { path: pixelId(path) };
        log?.(`disk   ${args.path} (from ${stripPixelQuery(args.importer)})`);
        return undefined;
      });
      // Synchronous on purpose: an async onLoad breaks require() (oven-sh/bun#30014).
      build.onLoad({ filter: /\?pxos$/ }, (args) => {
        // Forms derived at encode and bound to the manifest, where there are some: `// @bun` spares Bun its transpiler.
        // Transient: Bun copies contents before it loads anything else (tested).
        const mod = pixels.read(stripPixelQuery(args.path), { form: runtime ? FORMS : undefined, transient: true });
        recordPixelStats({ loaded: true });
        log?.(`pixels ${mod.key} ← ${mod.image}${mod.form === BUN_FORM ? " (ready JavaScript)" : mod.form ? " (rewritten at encode)" : ""}`);
        if (mod.form === BUN_FORM) {
          // Named its imports exactly at encode (derive.ts), and ASCII, as Bun reads bytes: handed over as they are.
          if (workerPreload) hooksFor(Buffer.from(mod.bytes.buffer, mod.bytes.byteOffset, mod.bytes.length));
          return { contents: mod.bytes, loader: "js" };
        }
        return { contents: contentsFor(mod), loader: BUN_LOADERS[mod.loader] };
      });
      const plainPaths = [...manifest.modulePaths()];
      if (plainPaths.length === 0) return;
      // Under a trust key, also every file Bun's own resolution could pick instead of a signed module.
      const filter = pixels.trusted ? shadowsPattern(plainPaths) : pathsPattern(plainPaths);
      build.onLoad({ filter: new RegExp(filter) }, (args) => {
        if (!pixels.has(args.path))
          throw new PxosError("UNSIGNED", "this file on disk would stand in for a signed pixel module; refused under a trust key", args.path);
        // The ready JavaScript, where there is some, is the cheaper to scan: no rewrite, no types.
        const mod = pixels.read(args.path, { form: runtime ? FORMS : undefined, transient: true });
        const scanned = () =>
          mod.form === BUN_FORM
            ? new Bun.Transpiler({ loader: "js" }).scan(mod.bytes)
            : new Bun.Transpiler({ loader: BUN_LOADERS[mod.loader] }).scan(contentsFor(mod));
        const exportsDefault = mod.loader === "json" || scanned().exports.includes("default");
        return { contents: facade(pixelId(args.path), exportsDefault), loader: "js" };
      });
    },
  };
}
