/**
 * `pixel_manifest.json`: which modules live in which images. Versioned,
 * keyed by module path relative to the project root (POSIX separators),
 * serialized with sorted keys and no timestamps so unchanged input gives
 * unchanged bytes.
 */
import { constants, realpathSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { PxosError, shownKey } from "../base/errors.ts";
import { isLoader, type Loader } from "../base/loaders.ts";
import type { ImageFormat } from "../codec/types.ts";
import { readFileOrFail, readTextOrFail } from "../io/read-file.ts";
import { isRelease } from "./release.ts";
import { verifyManifestSignature } from "./signature.ts";

export const MANIFEST_VERSION = 1;

/** Open flags for reading an image: never through a symlink (where the platform has O_NOFOLLOW). */
export const NO_FOLLOW = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

export interface ManifestEntry {
  /** Image path relative to the manifest's directory, POSIX separators. */
  image: string;
  format: ImageFormat;
  /** Byte size of the module source. */
  size: number;
  /** SHA-256 of the module source, lowercase hex. */
  sha256: string;
  loader: Loader;
}

export interface ManifestData {
  version: typeof MANIFEST_VERSION;
  /** Project root relative to the manifest's directory ("." when side by side). */
  root: string;
  /**
   * The signed release: `pxos sign` raises it whenever the content changed, and a trusted run
   * refuses one below its minimum (release.ts). Absent in manifests before it existed: release 0.
   */
  release?: number;
  /**
   * Per form that adapters may serve in modules' places (`bun`: names.ts BUN_FORM), the SHA-256 of
   * the index naming each module's form by its SHA-256, recorded by the encode so a signature
   * covers every form (cache/derived-pack.ts).
   */
  derived?: Record<string, string>;
  modules: Record<string, ManifestEntry>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** True for a relative POSIX path that stays inside its base: no `..`, no absolute, no empty or `.` segments. */
export function isContainedPath(path: string): boolean {
  return CONTAINED.test(path) && !/^[A-Za-z]:/.test(path);
}

/** Segments of anything but `/`, `\`, NUL, none empty, `.` or `..`: one regex, since a manifest checks a thousand of these at start-up. */
const SEGMENT = String.raw`(?!\.\.?(?:/|$))[^/\\\0]+`;
const CONTAINED = new RegExp(`^${SEGMENT}(?:/${SEGMENT})*$`);

/**
 * Validate parsed JSON as a manifest; every problem names the field.
 *
 * @example
 * const data = parseManifest(readFileSync(p, "utf8"), p)
 */
export function parseManifest(text: string, file: string): ManifestData {
  const data = parseManifestShell(text, file);
  for (const key of Object.keys(data.modules)) checkEntry(data.modules, key, file);
  return data;
}

/**
 * The manifest's JSON and top level checked, its entries not yet: what an adapter needs at start-up,
 * which {@link Manifest.load} with `checkEntries: "on use"` completes one entry at a time.
 */
function parseManifestShell(text: string, file: string): ManifestData {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new PxosError("BAD_MANIFEST", `not valid JSON (${(cause as Error).message})`, file, { cause });
  }
  const bad = (why: string): never => {
    throw new PxosError("BAD_MANIFEST", why, file);
  };
  if (!isRecord(json)) return bad("the manifest must be a JSON object");
  if (json.version !== MANIFEST_VERSION) return bad(`unsupported manifest version ${JSON.stringify(json.version)} (this pxos reads ${MANIFEST_VERSION})`);
  const root = json.root ?? ".";
  if (typeof root !== "string" || root === "" || isAbsolute(root) || /[\0\\]/.test(root)) return bad('"root" must be a relative POSIX path');
  if (!isRecord(json.modules)) return bad('"modules" must be an object');
  if (json.release !== undefined && !isRelease(json.release)) return bad('"release" must be a non-negative integer');
  const { derived } = json;
  if (derived !== undefined && !isDerived(derived)) return bad('"derived" must map form names to 64 lowercase hex digits');
  // No prototype: a module key such as "__proto__" must be an entry like any other (JSON.parse made it an own property).
  const modules = Object.setPrototypeOf(json.modules, null);
  return {
    version: MANIFEST_VERSION,
    root,
    ...(json.release === undefined ? {} : { release: json.release }),
    ...(derived === undefined ? {} : { derived: Object.setPrototypeOf(derived, null) }),
    modules,
  };
}

const FORM_NAME = /^[a-z][a-z0-9.-]{0,47}$/;

function isDerived(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.entries(value).every(([form, hash]) => FORM_NAME.test(form) && typeof hash === "string" && SHA256_HEX.test(hash));
}

/** Throws BAD_MANIFEST naming the module and field unless `modules[key]` is a valid entry under a valid key. */
function checkEntry(modules: Record<string, unknown>, key: string, file: string): void {
  const bad = (why: string): never => {
    throw new PxosError("BAD_MANIFEST", why, file);
  };
  if (!isContainedPath(key)) bad(`module key ${JSON.stringify(key)} is not a relative path inside the project`);
  const value = modules[key];
  if (!isRecord(value)) {
    bad(`module ${shownKey(key)}: entry must be an object`);
    return;
  }
  const { image, format, size, sha256, loader } = value;
  if (typeof image !== "string" || !isContainedPath(image))
    bad(`module ${shownKey(key)}: image path ${JSON.stringify(image)} escapes the manifest's directory`);
  if (format !== "png" && format !== "pxif") bad(`module ${shownKey(key)}: format must be "png" or "pxif"`);
  if (!Number.isSafeInteger(size) || (size as number) < 0) bad(`module ${shownKey(key)}: size must be a non-negative integer`);
  if (typeof sha256 !== "string" || !SHA256_HEX.test(sha256)) bad(`module ${shownKey(key)}: sha256 must be 64 lowercase hex digits`);
  if (!isLoader(loader)) bad(`module ${shownKey(key)}: unknown loader ${JSON.stringify(loader)}`);
}

/** Serialize with sorted keys, two-space indent and a final newline: same data, same bytes. */
export function serializeManifest(data: ManifestData): string {
  return `${JSON.stringify(sortKeys(data), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A loaded manifest: maps absolute module paths to entries and images.
 *
 * @example
 * const m = Manifest.load("pixel_manifest.json");
 * m.keyOf("/abs/project/src/a.ts") // "src/a.ts"
 */
export class Manifest {
  readonly path: string;
  readonly dir: string;
  readonly root: string;
  readonly data: ManifestData;
  #realDir: string | undefined;
  #keysByPath: Map<string, string> | undefined;
  #folders: Set<string> | undefined;
  /** Image directories already found to resolve inside the manifest's directory: one realpath per directory, not per image. */
  readonly #insideDirs = new Set<string>();
  /** With entries checked on use: the keys checked so far (and, once all keys are, `#keysChecked`). */
  readonly #checked: Set<string> | undefined;
  #keysChecked = false;

  constructor(path: string, data: ManifestData, opts: { checkEntries?: "on use" } = {}) {
    this.path = resolve(path);
    this.dir = dirname(this.path);
    this.root = resolve(this.dir, data.root);
    this.data = data;
    if (opts.checkEntries === "on use") this.#checked = new Set();
  }

  /**
   * Read and validate a manifest file. With `trust` (a public key file), its
   * signature is checked first, over the very bytes then parsed.
   */
  static load(path: string, opts: { trust?: string; checkEntries?: "now" | "on use" } = {}): Manifest {
    const missing = "manifest not found (run `pxos encode` first)";
    if (!opts.trust) return Manifest.parse(readTextOrFail(path, missing), path, opts);
    const bytes = readFileOrFail(path, missing);
    verifyManifestSignature(path, bytes, opts.trust);
    return Manifest.parse(bytes.toString("utf8"), path, opts);
  }

  /**
   * A manifest from its text, as {@link Manifest.load} makes one after reading it. With
   * `checkEntries: "on use"` only the JSON and top level are checked now, and each entry the
   * first time it is used: checking a thousand entries was half an adapter's start-up.
   *
   * @example
   * const m = Manifest.parse(text, "/app/pixel_manifest.json", { checkEntries: "on use" });
   */
  static parse(text: string, path: string, opts: { checkEntries?: "now" | "on use" } = {}): Manifest {
    if (opts.checkEntries === "on use") return new Manifest(path, parseManifestShell(text, path), { checkEntries: "on use" });
    return new Manifest(path, parseManifest(text, path));
  }

  /** The signed release number; 0 when the manifest records none. */
  get release(): number {
    return this.data.release ?? 0;
  }

  /** Per derived form, the SHA-256 of its index (cache/derived-pack.ts); empty when the encode derived none. */
  get derived(): Readonly<Record<string, string>> {
    return this.data.derived ?? {};
  }

  get moduleCount(): number {
    return Object.keys(this.data.modules).length;
  }

  /** What getPixelStats() reports: how many modules, and their bytes. */
  totals(): { totalModules: number; totalBytes: number } {
    return { totalModules: this.moduleCount, totalBytes: this.totalBytes };
  }

  /** Sum of the module sizes, in bytes (entries not yet checked count only a valid size). */
  get totalBytes(): number {
    let total = 0;
    for (const entry of Object.values(this.data.modules)) total += Number.isSafeInteger(entry?.size) ? entry.size : 0;
    return total;
  }

  /**
   * Every module's recorded source SHA-256, entries unchecked: what a cache pack keeps at exit (a
   * retention list only, never trusted; a run that saves nothing never iterates it).
   */
  *recordedShas(): Generator<string> {
    for (const entry of Object.values(this.data.modules)) if (typeof entry?.sha256 === "string") yield entry.sha256;
  }

  keys(): string[] {
    return this.#checkedKeys().sort();
  }

  entry(key: string): ManifestEntry | undefined {
    if (!Object.hasOwn(this.data.modules, key)) return undefined;
    if (this.#checked && !this.#checked.has(key)) {
      checkEntry(this.data.modules, key, this.path);
      this.#checked.add(key);
    }
    return this.data.modules[key];
  }

  /** Every key, each checked to be a contained relative path before any becomes a path. */
  #checkedKeys(): string[] {
    const keys = Object.keys(this.data.modules);
    if (this.#checked && !this.#keysChecked) {
      for (const key of keys)
        if (!isContainedPath(key))
          throw new PxosError("BAD_MANIFEST", `module key ${JSON.stringify(key)} is not a relative path inside the project`, this.path);
      this.#keysChecked = true;
    }
    return keys;
  }

  /** The manifest key of an absolute, normalized module path, when that module lives in pixels. */
  keyOf(absPath: string): string | undefined {
    return this.#byPath().get(absPath);
  }

  /** Every module's absolute path, in no particular order: what an adapter's path filter matches. */
  modulePaths(): IterableIterator<string> {
    return this.#byPath().keys();
  }

  /**
   * Whether a module lives in this absolute folder or below it. Built on first use, from the module
   * paths: each folder from a module's up to the root.
   */
  holdsFolder(absDir: string): boolean {
    if (!this.#folders) {
      const folders = new Set<string>();
      for (const path of this.modulePaths()) {
        for (let at = path.lastIndexOf(sep); at >= this.root.length; at = path.lastIndexOf(sep, at - 1)) {
          const folder = path.slice(0, at);
          if (folders.has(folder)) break;
          folders.add(folder);
        }
      }
      this.#folders = folders;
    }
    return this.#folders.has(absDir);
  }

  /** Built on first use: adapters ask once per import, so a lookup must cost a hash probe, not path math. */
  #byPath(): Map<string, string> {
    this.#keysByPath ??= new Map(this.#checkedKeys().map((key) => [this.modulePath(key), key]));
    return this.#keysByPath;
  }

  /** Absolute path the module had on disk when encoded. */
  modulePath(key: string): string {
    // Keys are validated relative POSIX paths without `.` or `..` segments, so joining needs no normalizing
    // (path.resolve per key was most of an adapter's start-up with a thousand modules).
    return this.root + sep + (sep === "/" ? key : key.split("/").join(sep));
  }

  /**
   * Absolute image path; refuses one whose directory resolves outside the
   * manifest's directory. Readers open it with {@link NO_FOLLOW}, so the file
   * itself cannot be a symlink either: together, no image is read from outside.
   */
  imagePath(key: string): string {
    const entry = this.entry(key);
    if (!entry) throw new PxosError("NOT_FOUND", `module ${shownKey(key)} is not in the manifest`, this.path);
    // A checked image path has no `.`, `..` or empty segments, so joining needs no normalizing.
    const abs = this.dir + sep + (sep === "/" ? entry.image : entry.image.split("/").join(sep));
    const dir = abs.slice(0, abs.lastIndexOf(sep));
    if (this.#insideDirs.has(dir)) return abs;
    const real = this.#realDirOf(dir, key, abs);
    this.#realDir ??= realpathSync.native(this.dir);
    const inside = relative(this.#realDir, real);
    if (inside.startsWith("..") || isAbsolute(inside)) {
      throw new PxosError("PATH_ESCAPE", `image of module ${shownKey(key)} resolves outside the manifest's directory (${real})`, abs);
    }
    this.#insideDirs.add(dir);
    return abs;
  }

  #realDirOf(dir: string, key: string, abs: string): string {
    try {
      return realpathSync.native(dir);
    } catch (cause) {
      const missing = (cause as NodeJS.ErrnoException).code === "ENOENT";
      throw new PxosError(missing ? "NOT_FOUND" : "IO", missing ? `image of module ${shownKey(key)} is missing` : (cause as Error).message, abs, { cause });
    }
  }
}
