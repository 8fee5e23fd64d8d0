/**
 * `pxos encode`: a project's modules into images plus a manifest. Crash-safe:
 * images are named by their content (`src/a.ts.<sha>.pxi`), written before
 * the manifest and never over an image the current manifest names with other
 * bytes (another format or width keeps the name), the manifest switches by one
 * rename, and images it no longer names are removed only after it — so a kill
 * at any moment leaves the old state or the new.
 * Incremental (an image whose header pins the source's SHA-256 is kept),
 * deterministic (same sources and options, same bytes), and serialized by a
 * lock file beside the manifest, which journals each image before it is written.
 *
 * A module whose file is gone is kept from its pixels, dropped, or asked about (gone-sources.ts). It
 * deletes only what pxos wrote (docs/semantics.md, "What encode writes"): images the previous
 * manifest named, images and temp files a killed run journaled, and folders emptied by those
 * removals inside an image folder of its own.
 */
import { accessSync, constants, existsSync, lstatSync, readdirSync, readFileSync, rmdirSync, rmSync, type Stats, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { isPxosError, PxosError, shownKey } from "../base/errors.ts";
import { type Loader, loaderFor } from "../base/loaders.ts";
import { DEFAULT_MANIFEST, DEFAULT_OUT_DIR, IMAGE_EXTENSION, TEMP_SUFFIX } from "../base/names.ts";
import { type Deriver, derivedIndex, formTag, parseFormTag, readDerivedForms, readUnderived, writeDerivedPack, writeUnderived } from "../cache/derived-pack.ts";
import type { Pack } from "../cache/pack.ts";
import { sourcePack } from "../cache/source-pack.ts";
import { toHex, utf8 } from "../codec/bytes.ts";
import { encodeImage, readImageInfo } from "../codec/index.ts";
import { sha256Hex } from "../codec/platform.ts";
import { DEFAULT_MAX_PIXELS, type ImageFormat, imageWidth } from "../codec/types.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { nodePlatform } from "../io/platform-node.ts";
import { errnoReason, imageMagic, maxImageFileBytes, readFileOrFail, readRegularFile } from "../io/read-file.ts";
import { MANIFEST_VERSION, Manifest, type ManifestData, type ManifestEntry, serializeManifest } from "../manifest/manifest.ts";
import { decideGone, goneModules, livesIn, pixelsOnly, pixelsOnlyIn, readGone, rivalWarnings, sameFolder } from "./gone-sources.ts";
import { type Lock, withLock } from "./lock.ts";
import { listModules, type ModuleSelection, type WalkOptions, walkOrder } from "./walk.ts";

/** `src/a.ts` with source SHA-256 `3f2a…` → `src/a.ts.3f2a9c1b7d4e.pxi`: a mirror of the tree, named by content. */
export function imageName(key: string, sha256: string): string {
  return `${key}.${sha256.slice(0, 12)}${IMAGE_EXTENSION}`;
}

export interface EncodeProjectOptions extends ModuleSelection {
  /** Image directory, at or below the manifest's; default `pixel_src_storage` beside the manifest. */
  out?: string;
  /** Manifest file; default `ROOT/pixel_manifest.json`. */
  manifest?: string;
  format?: ImageFormat;
  width?: number;
  /** Called after each module with how many are done. */
  onProgress?: (done: number, total: number) => void;
  /** Forms adapters may serve in a module's place, derived here and kept in `cacheDir` (cache/derived-pack.ts). */
  derive?: readonly Deriver[];
  /**
   * pxos's cache folder, where derived forms are kept, and the sources of the images this encode
   * writes, as a run keeps those it decoded (cache/source-pack.ts); without one, neither.
   */
  cacheDir?: string;
  /**
   * Keep the modules whose files are gone, their verified pixels taken as their source
   * (gone-sources.ts). Without `keep` or `prune`, the encode keeps them only when no module of the
   * project is on disk any more, and else stops (`PIXELS_ONLY`), naming them.
   */
  keep?: boolean;
  /**
   * Drop the modules whose files are gone (unless `keep`), and those the selection leaves out or
   * another root does not hold even where the pixels are all there is of them (else `PIXELS_ONLY`).
   */
  prune?: boolean;
  /**
   * Called, before anything is written, with the modules this encode keeps from their pixels; may
   * throw to stop it (`pxos encode --sign` refuses pixels no signature of its key vouched for).
   */
  onKept?: (keys: readonly string[], manifestPath: string) => void;
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
  /** Modules whose files are gone, kept from their pixels (also in `written` or `unchanged`). */
  fromPixels: string[];
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
  const outDir = resolve(root, opts.out ?? join(dirname(manifestPath), DEFAULT_OUT_DIR));
  checkTargets(root, manifestPath, outDir);
  const selection: WalkOptions = { skipDirs: [outDir], skipFiles: [manifestPath], include: opts.include, exclude: opts.exclude };
  const files = listModules(root, selection);
  for (const key of files) checkFits(join(root, key), opts.format ?? "png", opts.width);
  return withLock(`${manifestPath}.lock`, (lock) => encodeLocked(root, manifestPath, outDir, files, selection, opts, lock));
}

/** Targets that would make the result unusable, or are not pxos's to write, are refused here, before anything is written. */
function checkTargets(root: string, manifestPath: string, outDir: string): void {
  const rootStats = statOrUndefined(root);
  if (!rootStats) throw new PxosError("NOT_FOUND", "no such project directory", root);
  if (!rootStats.isDirectory()) throw new PxosError("IO", "the project root is not a directory", root);
  const manifestStats = statOrUndefined(manifestPath);
  if (manifestStats && !manifestStats.isFile())
    throw new PxosError("IO", "the manifest path is not a regular file; --manifest names the manifest file to write", manifestPath);
  const outStats = statOrUndefined(outDir);
  if (outStats && !outStats.isDirectory()) throw new PxosError("IO", "the image folder (--out) is not a directory", outDir);
  const rel = relative(dirname(manifestPath), outDir);
  if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel))
    throw new PxosError(
      "PATH_ESCAPE",
      `the image folder lies outside the manifest's folder ${dirname(manifestPath)}, so the manifest could not name its images; choose an --out at or below it, or move the manifest (--manifest)`,
      outDir,
    );
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new PxosError("IO", `cannot look at it: ${errnoReason(cause)}`, path, { cause });
  }
}

function encodeLocked(
  root: string,
  manifestPath: string,
  outDir: string,
  files: string[],
  selection: WalkOptions,
  opts: EncodeProjectOptions,
  lock: Lock,
): EncodeProjectResult {
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
    fromPixels: [],
    warnings: [],
  };
  const previous = loadPrevious(manifestPath, root, files, opts.prune === true, result.warnings);
  const data: ManifestData = { version: MANIFEST_VERSION, root: posix(relative(manifestDir, root)) || ".", modules: Object.create(null) };
  // Encoding keeps the release; signing raises it (release.ts): an unsigned re-encode must not look like a new signed release.
  if (previous?.release !== undefined) data.release = previous.release;
  const previousImages = new Set(previous ? Object.values(previous.modules).map((e) => resolve(manifestDir, e.image)) : []);
  const writtenImages: string[] = [];
  const outExisted = existsSync(outDir);
  const forms = opts.derive?.length && opts.cacheDir ? new Forms(opts.derive, opts.cacheDir, manifestPath) : undefined;
  /** The images written here and the sources they were made from: the first run after an encode need not decode them. */
  const writtenSources: [sha256: string, image: string, source: Uint8Array][] = [];

  // Modules of the last encode whose files are gone: kept from their verified pixels, dropped, or asked about (gone-sources.ts).
  const last = previous && new Manifest(manifestPath, previous);
  const kept = last ? decideGone(goneModules(root, last, files, selection), last, opts, "encode") : [];
  // In the walk's order, as if their files were there: the same sources give the same manifest and forms.
  const keys = kept.length ? [...files, ...kept].sort(walkOrder) : files;
  if (last && !opts.prune) refuseLosingPixels(last, root, keys);
  for (const key of kept) checkFitsSize(last?.entry(key)?.size ?? 0, format, opts.width, join(root, key));
  if (kept.length) opts.onKept?.(kept, manifestPath);
  const fromPixels = last ? readGone(last, kept) : new Map<string, Uint8Array>();
  result.warnings.push(...rivalWarnings(kept, files));

  try {
    keys.forEach((key, i) => {
      const pixels = fromPixels.get(key);
      if (pixels) result.fromPixels.push(key);
      const source = pixels ?? readFileOrFail(join(root, key), "the module vanished while encoding", { maxBytes: MAX_MODULE_BYTES });
      const sha256 = sha256Hex(nodePlatform, source);
      const imageAbs = join(outDir, imageName(key, sha256));
      const entry: ManifestEntry = { image: posix(relative(manifestDir, imageAbs)), format, size: source.length, sha256, loader: loaderFor(key) as Loader };
      forms?.add(entry, source, key);
      const kept = currentImageSize(imageAbs, key, entry, imageWidth(format, source.length, opts.width));
      if (kept === undefined) {
        const image = encodeImage(source, { format, width: opts.width, loader: entry.loader, path: key }, nodePlatform);
        lock.record(imageAbs);
        if (!previousImages.has(imageAbs)) writtenImages.push(imageAbs);
        writeFileAtomic(imageAbs, image);
        if (opts.cacheDir) writtenSources.push([sha256, imageAbs, source]);
        result.written.push(key);
        result.imageBytes += image.length;
      } else {
        result.unchanged.push(key);
        result.imageBytes += kept;
      }
      data.modules[key] = entry;
      result.sourceBytes += source.length;
      opts.onProgress?.(i + 1, keys.length);
    });
    result.modules = keys.length;
    forms?.derive(new Manifest(manifestPath, data));
    // The images the switch will leave unnamed are journaled first: a run killed after the switch leaves them to the next.
    const named = new Set(Object.values(data.modules).map((e) => resolve(manifestDir, e.image)));
    for (const image of previousImages) if (!named.has(image)) lock.record(image);
    const serialized = serializeManifest(data);
    if (readIfFile(manifestPath) !== serialized) writeFileAtomic(manifestPath, serialized);
  } catch (err) {
    // The previous manifest stays in force: what this run wrote is named by nothing.
    removeUnnamed(writtenImages, new Set(), ownFolder(root, outDir));
    if (!outExisted && isEmptyDir(outDir)) rmdirSync(outDir);
    throw err;
  }

  if (forms && !forms.save()) result.warnings.push(`derived forms could not be kept in ${opts.cacheDir}: runs serve the verified sources`);
  // Rewriting the pack costs an encode about what decoding that many images costs a run: worth it when most are new.
  if (opts.cacheDir && writtenSources.length * 2 >= keys.length) keepSources(opts.cacheDir, manifestPath, writtenSources, data);
  if (previous) for (const key of Object.keys(previous.modules)) if (!data.modules[key]) result.removed.push(key);
  const named = new Set(Object.values(data.modules).map((e) => resolve(manifestDir, e.image)));
  const journaled = lock.inherited.map((e) => e.path);
  removeUnnamed([...previousImages, ...journaled], named, ownFolder(root, outDir));
  removeTempFiles(lock.inherited, manifestPath);
  return result;
}

/**
 * One form of an encode: its pack's entries and index line, whether any was derived now (else the
 * pack on disk may hold every one already), the earlier pack; the modules that took none, as the
 * last encode recorded them and as this one does (derived-pack.ts, readUnderived); the layout it
 * is derived in, and each pending module's line in the record of those that took none.
 */
interface Form {
  deriver: Deriver;
  entries: [string, Uint8Array, string][];
  line: string;
  derivedAny: boolean;
  earlier: Pack;
  underived: Set<string>;
  none: string[];
  layout: string;
  noneLines: string[];
}

/**
 * The derived forms of one encode, derived once the manifest is complete (a form may depend on which
 * modules exist: Bun's names its imports exactly). A module's form is carried over from the last
 * encode when its source and the project's layout (modules, JSON files) are unchanged; so is a
 * module's having taken none.
 */
class Forms {
  readonly #pending: { entry: ManifestEntry; source: Uint8Array; key: string }[] = [];
  readonly #forms: Form[];
  readonly dir: string;
  readonly owner: string;

  constructor(derivers: readonly Deriver[], dir: string, owner: string) {
    this.dir = dir;
    this.owner = owner;
    this.#forms = derivers.map((deriver) => ({
      deriver,
      entries: [],
      line: "",
      derivedAny: false,
      earlier: readDerivedForms(dir, owner, deriver.form, nodePlatform),
      underived: readUnderived(dir, owner, deriver.form, nodePlatform),
      none: [],
      layout: "",
      noneLines: [],
    }));
  }

  add(entry: ManifestEntry, source: Uint8Array, key: string): void {
    this.#pending.push({ entry, source, key });
  }

  /** Records in the manifest each form's index, where any module has the form; the earlier packs are let go of after. */
  derive(manifest: Manifest): void {
    try {
      this.#deriveAll(manifest);
    } finally {
      for (const form of this.#forms) form.earlier.close();
    }
  }

  #deriveAll(manifest: Manifest): void {
    const projectLayout = layoutOf(manifest);
    for (const form of this.#forms) {
      // What the form is derived in: the project's layout, and the deriver's version.
      form.layout = form.deriver.version ? `${projectLayout}.${form.deriver.version}` : projectLayout;
      // Each module's line in a record of modules without the form (derived-pack.ts, readUnderived).
      form.noneLines = this.#pending.map(({ entry, key }) => `${key} ${entry.sha256} ${form.layout}`);
    }
    // Each form's entry from the last encode, where it was derived from this source in this layout: its bytes and tag.
    const kept = (form: Form, key: string, entry: ManifestEntry): [Uint8Array, string] | undefined => {
      const found = form.earlier.entry(key);
      const was = found && parseFormTag(found[0]);
      return was && was.source === entry.sha256 && was.layout === form.layout && sha256Hex(nodePlatform, found[1]) === was.sha256
        ? [found[1], found[0]]
        : undefined;
    };
    // Carried over, or known to take none (undefined asks the deriver).
    const keptForms = new Map(
      this.#forms.map((form) => [
        form,
        this.#pending.map(({ entry, key }, i) => kept(form, key, entry) ?? (form.underived.has(form.noneLines[i] as string) ? null : undefined)),
      ]),
    );
    for (const [form, keptForm] of keptForms) {
      const asked = this.#pending.filter((_, i) => keptForm[i] === undefined);
      if (asked.length > 0) form.deriver.prepare?.(asked.map(({ entry, source, key }) => ({ source, path: manifest.modulePath(key), loader: entry.loader })));
    }
    for (const [i, { entry, source, key }] of this.#pending.entries()) {
      const path = manifest.modulePath(key);
      for (const [form, keptForm] of keptForms) {
        const carried = keptForm[i];
        if (carried) {
          form.entries.push([key, ...carried]);
          continue;
        }
        const bytes = carried === null ? undefined : form.deriver.derive(source, { key, path, loader: entry.loader, manifest });
        if (!bytes) {
          form.none.push(form.noneLines[i] as string);
          continue;
        }
        form.derivedAny = true;
        form.entries.push([key, bytes, formTag({ sha256: sha256Hex(nodePlatform, bytes), source: entry.sha256, layout: form.layout })]);
      }
    }
    const derived: Record<string, string> = {};
    for (const form of this.#forms) {
      if (form.entries.length === 0) continue;
      const index = derivedIndex(form.entries, nodePlatform);
      form.line = index.line;
      derived[form.deriver.form] = index.sha256;
    }
    if (Object.keys(derived).length > 0) manifest.data.derived = derived;
  }

  /** Writes each form's pack unless the one on disk holds these entries already, and its record of modules without one; false when the cache folder cannot be written. */
  save(): boolean {
    return this.#forms.every(
      (form) =>
        (form.entries.length === 0 ||
          (!form.derivedAny && form.earlier.index === form.line) ||
          writeDerivedPack(this.dir, this.owner, form.deriver.form, form.entries, nodePlatform)) &&
        ((form.none.length === form.underived.size && form.none.every((line) => form.underived.has(line))) ||
          writeUnderived(this.dir, this.owner, form.deriver.form, form.none, nodePlatform)),
    );
  }
}

/**
 * Keeps the sources of the images this encode wrote in pxos's pack of verified sources, each bound
 * to its image file as it now is, as a run keeps what it decoded: they are the bytes the image was
 * made from. Images the encode kept (their headers checked, not their pixels) are left to the runs,
 * and so are a few written ones (see the call). A cache folder that cannot be written only means the
 * first run decodes them.
 */
function keepSources(cacheDir: string, manifestPath: string, written: readonly [string, string, Uint8Array][], data: ManifestData): void {
  const pack = sourcePack(cacheDir, manifestPath, nodePlatform);
  for (const [sha256, image, source] of written) pack.keepMade(sha256, image, source);
  pack.save(Object.values(data.modules).map((entry) => entry.sha256));
}

/** What a form may depend on besides its source: which modules exist, and the JSON files (package.json, tsconfig.json). */
function layoutOf(manifest: Manifest): string {
  const keys = manifest.keys();
  const json = keys.filter((key) => key.endsWith(".json")).map((key) => `${key} ${manifest.entry(key)?.sha256}`);
  return toHex(nodePlatform.sha256(utf8.encode(`${keys.join("\n")}\n\n${json.join("\n")}`))).slice(0, 16);
}

/** The largest module an image can hold within the pixel limit every reader applies. */
const MAX_MODULE_BYTES = DEFAULT_MAX_PIXELS * 3;

/** Refuse, before any image is written, a module whose image no reader would open. */
function checkFits(path: string, format: ImageFormat, requestedWidth: number | undefined): void {
  let size: number;
  try {
    size = lstatSync(path).size;
    accessSync(path, constants.R_OK);
  } catch (cause) {
    throw new PxosError("IO", `cannot read the module: ${errnoReason(cause)}`, path, { cause });
  }
  checkFitsSize(size, format, requestedWidth, path);
}

/** Refuse a module of `size` bytes whose image in this format and width no reader would open. */
function checkFitsSize(size: number, format: ImageFormat, requestedWidth: number | undefined, path: string): void {
  const width = imageWidth(format, size, requestedWidth);
  const pixels = width * Math.max(1, Math.ceil(Math.ceil(size / 3) / width));
  if (pixels > DEFAULT_MAX_PIXELS)
    throw new PxosError(
      "TOO_LARGE",
      `the module is ${size} bytes: its image would be ${pixels} pixels, over the limit of ${DEFAULT_MAX_PIXELS} pixels (${MAX_MODULE_BYTES} bytes) every reader applies; nothing written (leave it out with --exclude)`,
      path,
    );
}

/** The image folder when it is pxos's alone, undefined when the images live among the sources (the root is inside it). */
function ownFolder(root: string, outDir: string): string | undefined {
  return isInside(root, outDir) ? undefined : outDir;
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

function posix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

function readIfFile(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * The previous manifest, or undefined for none. A file there that is not a pxos manifest at all is
 * refused (it is someone else's: encode would replace it); a pxos manifest it cannot read is rebuilt
 * from the files, with a warning — unless modules it names live in pixels alone (their files gone):
 * then it is refused, as rebuilding would lose them (`prune` rebuilds even so).
 */
function loadPrevious(manifestPath: string, root: string, files: readonly string[], prune: boolean, warnings: string[]): ManifestData | undefined {
  const text = readIfFile(manifestPath);
  if (text === undefined) return undefined;
  try {
    return Manifest.load(manifestPath).data;
  } catch (err) {
    if (!isPxosError(err)) throw err;
    const lost = pixelsOnlyIn(text, manifestPath, root, files);
    if (lost === undefined)
      throw new PxosError(
        "BAD_MANIFEST",
        "this file is not a pxos manifest, and encode would replace it; nothing written (remove it, or pass another --manifest)",
        manifestPath,
      );
    if (!prune && lost.length > 0)
      throw new PxosError(
        "PIXELS_ONLY",
        `cannot be read (${err.reason}), and ${livesIn(lost)} in pixels alone (no file on disk): rebuilding it from the files would lose ${lost.length === 1 ? "it" : "them"}; nothing written (mend the manifest, or pass --prune to rebuild it even so)`,
        manifestPath,
      );
    warnings.push(`previous manifest unreadable, rebuilt from scratch: ${err.message}`);
    return undefined;
  }
}

/**
 * Refuses an encode that would drop modules living in pixels alone: left out by the selection now,
 * or named by a manifest made for another root (whose files are gone there).
 */
function refuseLosingPixels(last: Manifest, root: string, keys: readonly string[]): void {
  const kept = new Set(keys);
  const lost = pixelsOnly(
    last.root,
    last.keys().filter((key) => !kept.has(key)),
  );
  if (lost.length === 0) return;
  const why = sameFolder(last.root, root)
    ? "the selection (--include, --exclude, what encode leaves out) no longer takes"
    : `the manifest was made for ${shownKey(last.root)}, not`;
  throw new PxosError(
    "PIXELS_ONLY",
    `${livesIn(lost)} in pixels alone (no file the walk takes), and ${why} ${lost.length === 1 ? "it" : "them"}: this encode would lose ${lost.length === 1 ? "it" : "them"}; nothing written (pass --prune to drop such modules)`,
    last.path,
  );
}

/** The image's size when its header already pins exactly what a fresh encode would write, else undefined. */
function currentImageSize(imageAbs: string, key: string, entry: ManifestEntry, width: number): number | undefined {
  try {
    const file = readRegularFile(imageAbs, { maxBytes: maxImageFileBytes(), head: imageMagic(imageAbs) });
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
 * After the manifest is in place: remove the images pxos wrote that it no longer names, then,
 * inside an image folder of pxos's own (`ownFolder`, absent when the images live among the
 * sources), the folders those removals left empty.
 */
function removeUnnamed(candidates: readonly string[], named: ReadonlySet<string>, ownFolder: string | undefined): void {
  const emptied = new Set<string>();
  for (const image of new Set(candidates)) {
    if (named.has(image) || !image.endsWith(IMAGE_EXTENSION) || !isRegularFile(image)) continue;
    rmSync(image, { force: true });
    emptied.add(dirname(image));
  }
  if (!ownFolder) return;
  for (let dir of emptied) {
    while (dir !== ownFolder && isInside(dir, ownFolder) && isEmptyDir(dir)) {
      rmdirSync(dir);
      dir = dirname(dir);
    }
  }
}

/** Temp files of a killed run: `<target>.<its pid>.<n>.pxos-tmp` beside each image it journaled, and beside the manifest. */
function removeTempFiles(inherited: Lock["inherited"], manifestPath: string): void {
  const targets = new Map<string, Set<number>>();
  for (const { path, pid } of inherited) {
    for (const target of [path, manifestPath]) targets.set(target, (targets.get(target) ?? new Set()).add(pid));
  }
  for (const [target, pids] of targets) {
    let names: string[];
    try {
      names = readdirSync(dirname(target));
    } catch {
      continue;
    }
    for (const pid of pids) {
      const prefix = `${basename(target)}.${pid}.`;
      for (const name of names) {
        const isTemp = name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX) && /^\d+$/.test(name.slice(prefix.length, -TEMP_SUFFIX.length));
        if (isTemp) rmSync(join(dirname(target), name), { force: true });
      }
    }
  }
}

function isRegularFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

function isEmptyDir(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch {
    return false;
  }
}
