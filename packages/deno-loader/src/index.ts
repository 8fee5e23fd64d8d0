/**
 * @pxos/deno-loader — Deno has no runtime plugin API, so pxos hands it an
 * import map pointing every pixel module's file URL at its bytes, decoded and
 * verified from the image when the map is made: a file in pxos's cache
 * (stripped to JavaScript where it can be), or with the cache off a `data:` URL.
 *
 * `deno run --import-map=pxos.importmap.json main.ts`
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { builtinStripper, cacheDir, DEFAULT_IMPORT_MAP, type Loader, PixelModules, type PixelModulesOptions } from "@pxos/core/runtime";
import { guardSource } from "./guard.ts";
import { moduleFiles } from "./module-files.ts";
import { GUARD_SPECIFIER, rewriteModule } from "./rewrite.ts";

export { DEFAULT_IMPORT_MAP } from "@pxos/core/runtime";

const MEDIA_TYPES: Record<Loader, string> = {
  ts: "application/typescript",
  mts: "application/typescript",
  cts: "application/typescript",
  tsx: "text/tsx",
  js: "application/javascript",
  mjs: "application/javascript",
  cjs: "application/javascript",
  jsx: "text/jsx",
  json: "application/json",
};

export interface ImportMap {
  imports: Record<string, string>;
  /** Deno ignores unknown top-level keys; pxos keeps its provenance here. */
  pxos: { version: 1; manifest: string; manifestSha256: string };
}

export interface ImportMapOptions extends PixelModulesOptions {
  /** Where the map will be written (named in the guard's messages); default next to the manifest. */
  out?: string;
  /**
   * Cache folder the modules are written to as files (Deno loads them about twice as fast as
   * `data:` URLs); default core's `cacheDir` of the project. `false` makes a self-contained map of
   * `data:` URLs, as `PXOS_CACHE=0` does.
   */
  cacheDir?: string | false;
}

/**
 * A `data:` URL whose `pxos` parameter names the module: Deno prints everything before the
 * base64 payload in stack traces and errors, so every frame shows where the code came from.
 */
function dataUrl(mediaType: string, text: string, key?: string): string {
  const origin = key === undefined ? "" : `;pxos=${encodeURIComponent(key).replaceAll("%2F", "/")}`;
  return `data:${mediaType}${origin};base64,${Buffer.from(text, "utf8").toString("base64")}`;
}

/**
 * Build the import map for a manifest. Every module is read through core,
 * so a damaged image fails here, before anything can run.
 *
 * @example
 * const { map, path } = generateImportMap({ manifest: "pixel_manifest.json" });
 * writeFileAtomic(path, `${JSON.stringify(map, null, 2)}\n`);
 */
export function generateImportMap(opts: ImportMapOptions = {}): { map: ImportMap; path: string; warnings: string[] } {
  const pixels = PixelModules.open(opts);
  const { manifest } = pixels;
  const path = resolve(opts.out ?? join(dirname(manifest.path), DEFAULT_IMPORT_MAP));
  const manifestSha256 = createHash("sha256").update(readFileSync(manifest.path)).digest("hex");
  const guard = guardSource({
    manifestPath: manifest.path,
    manifestSha256,
    importMapPath: path,
    totalModules: manifest.moduleCount,
    totalBytes: manifest.totalBytes,
    release: pixels.trusted ? manifest.release : undefined,
  });
  const imports: Record<string, string> = { [GUARD_SPECIFIER]: dataUrl("application/javascript", guard) };
  const warnings: string[] = [];
  const dir = opts.cacheDir ?? cacheDir(dirname(manifest.path));
  const serve = dir
    ? moduleFiles(join(dir, "deno"), builtinStripper())
    : (key: string, loader: Loader, text: string) => dataUrl(MEDIA_TYPES[loader], text, key);
  for (const key of manifest.keys()) {
    const mod = pixels.read(manifest.modulePath(key));
    const text = new TextDecoder().decode(mod.bytes);
    let source = text;
    if (mod.loader !== "json") {
      try {
        source = rewriteModule(text, mod.path, (s, from) => pixels.resolve(s, from));
      } catch (err) {
        // Unlexable (a syntax error, or JSX): embedded as it is, so Deno reports the real problem at its real line.
        const why = (err as Error).message.replace(mod.path, key);
        warnings.push(`${key}: imports not rewritten (es-module-lexer: ${why}); relative imports in it will not resolve under Deno`);
      }
    }
    imports[pathToFileURL(mod.path).href] = serve(key, mod.loader, source);
  }
  return { map: { imports, pxos: { version: 1, manifest: manifest.path, manifestSha256 } }, path, warnings };
}

/**
 * Whether an import map can be reused: made from the manifest with this SHA-256, and every
 * module file it points into pxos's cache still there (a cleared cache means regenerate).
 * Any text at all is accepted without throwing: a malformed map is simply not current.
 *
 * @example
 * if (!isImportMapCurrent(readFileSync(path, "utf8"), currentSha)) regenerate();
 */
export function isImportMapCurrent(text: string, manifestSha256: string): boolean {
  try {
    const map = JSON.parse(text) as Partial<ImportMap> | null;
    if (map?.pxos?.manifestSha256 !== manifestSha256 || typeof map.imports !== "object" || map.imports === null) return false;
    return Object.values(map.imports).every((url) => typeof url === "string" && (!url.startsWith("file:") || existsSync(fileURLToPath(url))));
  } catch {
    return false;
  }
}
