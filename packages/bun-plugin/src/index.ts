/**
 * @pxos/bun-plugin — serves every import of a pxos project from its pixels.
 * Bun-specific glue only: resolution, decoding and verification are core's.
 */

import { type Loader, PixelModules, type PixelModulesOptions, pixelId, recordPixelStats, stripPixelQuery } from "@pxos/core/runtime";
import type { BunPlugin } from "bun";

export interface PxosBunOptions extends PixelModulesOptions {
  /** Log each module and where it came from (default: `PXOS_DEBUG=1`). */
  debug?: boolean;
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

/**
 * Source text for Bun: decoded here because Bun reads byte contents as Latin-1,
 * and JSON as a parsed default export because the runtime onLoad parses
 * `loader: "json"` contents as JavaScript.
 */
function contentsFor(loader: Loader, bytes: Uint8Array): string {
  const text = utf8.decode(bytes);
  return loader === "json" ? `export default JSON.parse(${JSON.stringify(text)});\n` : text;
}

/**
 * Bun resolves extensionless specifiers itself, without asking plugins
 * (oven-sh/bun#12261), landing on the plain path. That path gets a facade
 * re-exporting the `?pxos` module, so both routes share one instance.
 */
function facade(id: string, exportsDefault: boolean): string {
  const target = JSON.stringify(id);
  return `export * from ${target};\n${exportsDefault ? `export { default } from ${target};\n` : ""}`;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/**
 * A Bun plugin that loads pixel modules; works with `Bun.plugin` and `Bun.build`.
 *
 * @example
 * Bun.plugin(pxosPlugin({ manifest: "pixel_manifest.json" }));
 * await Bun.build({ entrypoints: ["main.ts"], plugins: [pxosPlugin()] });
 */
export function pxosPlugin(opts: PxosBunOptions = {}): BunPlugin {
  const debug = opts.debug ?? process.env.PXOS_DEBUG === "1";
  const log = debug ? (line: string) => console.error(`[pxos] ${line}`) : undefined;
  return {
    name: "pxos",
    setup(build) {
      const pixels = PixelModules.open(opts);
      const { manifest } = pixels;
      recordPixelStats({ installed: true, adapter: "bun", manifestPath: manifest.path, totalModules: manifest.moduleCount, totalBytes: manifest.totalBytes });
      // Runtime onLoad only fires for paths onResolve claimed (oven-sh/bun#9446), so claim pixel modules here.
      build.onResolve({ filter: /^(\.\.?(\/|$)|\/|file:)/ }, (args) => {
        const path = pixels.resolve(args.path, stripPixelQuery(args.importer));
        if (path) return { path: pixelId(path) };
        log?.(`disk   ${args.path} (from ${stripPixelQuery(args.importer)})`);
        return undefined;
      });
      // Synchronous on purpose: an async onLoad breaks require() (oven-sh/bun#30014).
      build.onLoad({ filter: /\?pxos$/ }, (args) => {
        const mod = pixels.read(stripPixelQuery(args.path));
        recordPixelStats({ loaded: true });
        log?.(`pixels ${mod.key} ← ${mod.image}`);
        return { contents: contentsFor(mod.loader, mod.bytes), loader: BUN_LOADERS[mod.loader] };
      });
      const plainPaths = manifest.keys().map((key) => escapeRegExp(manifest.modulePath(key)));
      if (plainPaths.length === 0) return;
      build.onLoad({ filter: new RegExp(`^(?:${plainPaths.join("|")})$`) }, (args) => {
        const mod = pixels.read(args.path);
        const loader = BUN_LOADERS[mod.loader];
        const exportsDefault = mod.loader === "json" || new Bun.Transpiler({ loader }).scan(contentsFor(mod.loader, mod.bytes)).exports.includes("default");
        return { contents: facade(pixelId(args.path), exportsDefault), loader: "js" };
      });
    },
  };
}
