/**
 * `pxos encode`: a project's modules into images plus a manifest. Crash-safe:
 * images are named by their content (`src/a.ts.<sha>.pxi`), written before
 * the manifest and never over an image the current manifest names, the
 * manifest switches by one rename, and images no manifest names are removed
 * only after it — so a kill at any moment leaves the old state or the new.
 * Incremental (an image whose header pins the source's SHA-256 is kept),
 * deterministic (same sources and options, same bytes), and serialized by a
 * lock file beside the manifest.
 */
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { TEMP_SUFFIX, writeFileAtomic } from "./atomic.ts";
import { toHex } from "./codec/bytes.ts";
import { encodeImage, readImageInfo } from "./codec/index.ts";
import { type ImageFormat, imageWidth } from "./codec/types.ts";
import { isPxosError } from "./errors.ts";
import { type Loader, loaderFor } from "./loaders.ts";
import { withLock } from "./lock.ts";
import { DEFAULT_MANIFEST, MANIFEST_VERSION, Manifest, type ManifestData, type ManifestEntry, serializeManifest } from "./manifest.ts";
import { nodePlatform } from "./platform-node.ts";
import { listModules, type ModuleSelection } from "./walk.ts";

export const DEFAULT_OUT_DIR = "pixel_src_storage";
export const IMAGE_EXTENSION = ".pxi";

/** `src/a.ts` with source SHA-256 `3f2a…` → `src/a.ts.3f2a9c1b7d4e.pxi`: a mirror of the tree, named by content. */
export function imageName(key: string, sha256: string): string {
  return `${key}.${sha256.slice(0, 12)}${IMAGE_EXTENSION}`;
}

export interface EncodeProjectOptions extends ModuleSelection {
  /** Image directory; default `ROOT/pixel_src_storage`. */
  out?: string;
  /** Manifest file; default `ROOT/pixel_manifest.json`. */
  manifest?: string;
  format?: ImageFormat;
  width?: number;
  /** Called after each module with how many are done. */
  onProgress?: (done: number, total: number) => void;
}

export interface EncodeProjectResult {
  manifestPath: string;
  outDir: string;
  modules: number;
  sourceBytes: number;
  imageBytes: number;
  written: string[];
  unchanged: string[];
  removed: string[];
  /** Non-fatal problems, such as an unreadable previous manifest that was replaced. */
  warnings: string[];
}

/**
 * Encode every module under `root`.
 *
 * @example
 * const r = encodeProject({ root: "examples/hello" });
 * console.log(`${r.modules} modules, ${r.imageBytes / r.sourceBytes}×`);
 */
export function encodeProject(opts: EncodeProjectOptions = {}): EncodeProjectResult {
  const root = resolve(opts.root ?? ".");
  const manifestPath = resolve(root, opts.manifest ?? DEFAULT_MANIFEST);
  return withLock(`${manifestPath}.lock`, () => encodeLocked(root, manifestPath, opts));
}

function encodeLocked(root: string, manifestPath: string, opts: EncodeProjectOptions): EncodeProjectResult {
  const outDir = resolve(root, opts.out ?? DEFAULT_OUT_DIR);
  const manifestDir = dirname(manifestPath);
  const format = opts.format ?? "png";
  const result: EncodeProjectResult = {
    manifestPath,
    outDir,
    modules: 0,
    sourceBytes: 0,
    imageBytes: 0,
    written: [],
    unchanged: [],
    removed: [],
    warnings: [],
  };
  const previous = loadPrevious(manifestPath, result.warnings);
  const files = listModules(root, { skipDirs: [outDir], skipFiles: [manifestPath], include: opts.include, exclude: opts.exclude });
  const data: ManifestData = { version: MANIFEST_VERSION, root: posix(relative(manifestDir, root)) || ".", modules: Object.create(null) };

  files.forEach((key, i) => {
    const source = readFileSync(join(root, key));
    const sha256 = toHex(nodePlatform.sha256(source));
    const imageAbs = join(outDir, imageName(key, sha256));
    const entry: ManifestEntry = { image: posix(relative(manifestDir, imageAbs)), format, size: source.length, sha256, loader: loaderFor(key) as Loader };
    const kept = currentImageSize(imageAbs, key, entry, imageWidth(format, source.length, opts.width));
    if (kept === undefined) {
      const image = encodeImage(source, { format, width: opts.width, loader: entry.loader, path: key }, nodePlatform);
      writeFileAtomic(imageAbs, image);
      result.written.push(key);
      result.imageBytes += image.length;
    } else {
      result.unchanged.push(key);
      result.imageBytes += kept;
    }
    data.modules[key] = entry;
    result.sourceBytes += source.length;
    opts.onProgress?.(i + 1, files.length);
  });
  result.modules = files.length;

  const serialized = serializeManifest(data);
  if (!existsSync(manifestPath) || readFileSync(manifestPath, "utf8") !== serialized) writeFileAtomic(manifestPath, serialized);
  if (previous) for (const key of Object.keys(previous.modules)) if (!data.modules[key]) result.removed.push(key);
  const named = new Set(Object.values(data.modules).map((e) => resolve(manifestDir, e.image)));
  pruneOutDir(outDir, named);
  return result;
}

function posix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

function loadPrevious(manifestPath: string, warnings: string[]): ManifestData | undefined {
  if (!existsSync(manifestPath)) return undefined;
  try {
    return Manifest.load(manifestPath).data;
  } catch (err) {
    if (!isPxosError(err)) throw err;
    warnings.push(`previous manifest unreadable, rebuilt from scratch: ${err.message}`);
    return undefined;
  }
}

/** The image's size when its header already pins exactly what a fresh encode would write, else undefined. */
function currentImageSize(imageAbs: string, key: string, entry: ManifestEntry, width: number): number | undefined {
  try {
    const file = readFileSync(imageAbs);
    const info = readImageInfo(file, { file: imageAbs }, nodePlatform);
    const same =
      info.format === entry.format &&
      info.sha256 === entry.sha256 &&
      info.size === entry.size &&
      info.width === width &&
      (info.format === "pxif" || (info.path === key && info.loader === entry.loader));
    return same ? file.length : undefined;
  } catch {
    return undefined;
  }
}

/**
 * After the manifest is in place: remove images it does not name (sources gone, earlier
 * versions, or written by a killed run), temp files, and directories left empty.
 */
function pruneOutDir(dir: string, named: ReadonlySet<string>): boolean {
  if (!existsSync(dir)) return true;
  let empty = true;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const abs = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (pruneOutDir(abs, named)) rmdirSync(abs);
      else empty = false;
    } else if (entry.name.endsWith(TEMP_SUFFIX) || (entry.name.endsWith(IMAGE_EXTENSION) && !named.has(abs))) rmSync(abs, { force: true });
    else empty = false;
  }
  return empty;
}
