/**
 * The resolver adapters build on: given an absolute path, is it a pixel
 * module, and what are its verified bytes. Reads images lazily, one per
 * module actually imported, and never hands out a byte that failed a check.
 */
import { realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { PxosError } from "../base/errors.ts";
import type { Loader } from "../base/loaders.ts";
import { type DerivedPack, derivedPack } from "../cache/derived-pack.ts";
import { Scratch } from "../cache/pack.ts";
import { type SourcePack, sourcePack } from "../cache/source-pack.ts";
import { cartridgeManifest, readCartridge } from "../cartridge/cartridge.ts";
import type { CodecPlatform } from "../codec/platform.ts";
import { nodePlatform } from "../io/platform-node.ts";
import { imageMagic, maxImageFileBytes, readFileOrFail, readRegularFile } from "../io/read-file.ts";
import { Manifest } from "../manifest/manifest.ts";
import { readModuleImage } from "../manifest/module-image.ts";
import { checkRelease } from "../manifest/release.ts";
import { verifyManifestSignature } from "../manifest/signature.ts";
import type { PxosOptions } from "./options.ts";
import { isPathSpecifier, resolvePathSpecifier } from "./resolve.ts";
import { type PackageHost, type PackageJson, resolvePackageSpecifier } from "./resolve-package.ts";

export interface PixelModule {
  key: string;
  path: string;
  image: string;
  loader: Loader;
  /** SHA-256 of the module's source, as the manifest records it and the decode verified. */
  sha256: string;
  /** The verified source, or the derived form named by `form`. */
  bytes: Uint8Array;
  /** Set when `bytes` is this form derived at encode (cache/derived-pack.ts), not the source. */
  form?: string;
}

/**
 * @example
 * const pixels = PixelModules.open(resolveOptions({ manifest: "pixel_manifest.json" }));
 * const path = pixels.resolve("./util.ts", "/app/src/main.ts");
 * if (path) run(pixels.read(path).bytes);
 */
export class PixelModules {
  readonly manifest: Manifest;
  /**
   * True when a trust key vouched for these modules (their signature was checked at open): then
   * nothing derived outside the signature, such as pxos's stripped-JavaScript cache, may stand in for them.
   */
  readonly trusted: boolean;
  /** The options these modules were opened with, the source set to what was opened: a thread or process that opens them again takes these whole. */
  readonly options: PxosOptions;
  readonly #maxPixels: number | undefined;
  readonly #platform: CodecPlatform;
  /** A cartridge's modules, verified when it was opened; absent for a manifest with one image per module. */
  readonly #cartridge: Map<string, Uint8Array> | undefined;
  readonly #packageJsons = new Map<string, PackageJson | undefined>();
  readonly #packageTypes = new Map<string, unknown>();
  readonly #packageDirs = new Map<string, string | undefined>();
  #sources: SourcePack | null | undefined;
  #derived: DerivedPack | null | undefined;
  readonly #scratch = { sources: new Scratch(), derived: new Scratch() };
  readonly #host: PackageHost = {
    has: (path) => this.has(path),
    readPackageJson: (dir) => this.packageJson(dir),
    packageDir: (dir) => this.#packageDir(dir),
  };

  constructor(manifest: Manifest, options: PxosOptions, opts: { cartridge?: Map<string, Uint8Array>; platform?: CodecPlatform } = {}) {
    this.manifest = manifest;
    this.options = opts.cartridge ? { ...options, cartridge: manifest.path } : { ...options, manifest: manifest.path, cartridge: undefined };
    this.trusted = options.trust !== undefined;
    this.#maxPixels = options.maxPixels;
    this.#platform = opts.platform ?? nodePlatform;
    this.#cartridge = opts.cartridge;
  }

  /** Under a trust key the signature, then the release (release.ts), are checked here: before any module can be read. */
  static open(options: PxosOptions, platform?: CodecPlatform): PixelModules {
    if (options.cartridge) return PixelModules.openCartridge(options.cartridge, options, platform);
    const manifest = Manifest.load(options.manifest, { trust: options.trust, checkEntries: "on use" });
    checkRelease(manifest.release, manifest.path, options);
    return new PixelModules(manifest, options, { platform });
  }

  /** Serve a cartridge: read once, its signature and release checked under a trust key, every module verified before any is handed out. */
  static openCartridge(path: string, options: PxosOptions, platform?: CodecPlatform): PixelModules {
    const file = readFileOrFail(path, "no such cartridge", { maxBytes: maxImageFileBytes(options.maxPixels), head: imageMagic(path) });
    if (options.trust) verifyManifestSignature(path, file, options.trust);
    const cartridge = readCartridge(file, path, { maxPixels: options.maxPixels, platform });
    const manifest = cartridgeManifest(path, cartridge);
    checkRelease(manifest.release, manifest.path, options);
    return new PixelModules(manifest, options, { cartridge: cartridge.modules, platform });
  }

  /** True when the modules come from one cartridge rather than an image each. */
  get isCartridge(): boolean {
    return this.#cartridge !== undefined;
  }

  /** Is this absolute path a module that lives in pixels? */
  has(absPath: string): boolean {
    return this.manifest.keyOf(absPath) !== undefined;
  }

  /**
   * Resolve any specifier from `importerPath` to a pixel module path: relative and absolute ones by
   * resolve.ts's rules, `#x` and bare names by Node's package rules under `conditions` (the runtime's
   * own, e.g. `["node", "import"]`; `"default"` always applies). Undefined when it means no pixel module.
   */
  resolve(specifier: string, importerPath: string, conditions: readonly string[] = ["import"]): string | undefined {
    if (isPathSpecifier(specifier)) return resolvePathSpecifier(specifier, importerPath, (p) => this.has(p), this.#mainOf);
    return resolvePackageSpecifier(specifier, importerPath, conditions, this.#host);
  }

  /**
   * A folder's `"main"`, for a path specifier naming the folder: read only for a folder that holds
   * pixel modules, where it may name one — not for every path that is none (each relative import of a
   * package on disk), which would cost a failed read of `<path>/package.json` apiece.
   */
  readonly #mainOf = (dir: string): string | undefined => {
    if (!this.manifest.holdsFolder(dir)) return undefined;
    const main = this.packageJson(dir)?.main;
    return typeof main === "string" ? main : undefined;
  };

  /** The package.json in `dir`, parsed: the pixels' when the manifest holds it (verified), else the disk's (a regular file only, as everywhere in pxos); undefined for none or not JSON. */
  packageJson(dir: string): PackageJson | undefined {
    if (this.#packageJsons.has(dir)) return this.#packageJsons.get(dir);
    const file = join(dir, "package.json");
    let pkg: PackageJson | undefined;
    try {
      const text = this.has(file) ? new TextDecoder().decode(this.read(file).bytes) : readRegularFile(file).toString("utf8");
      const value: unknown = JSON.parse(text);
      pkg = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as PackageJson) : undefined;
    } catch (err) {
      if (err instanceof PxosError) throw err;
    }
    this.#packageJsons.set(dir, pkg);
    return pkg;
  }

  /**
   * The `"type"` of the package.json nearest `dir` (as {@link packageJson} reads each), undefined where none
   * has one: how Node, and Deno for `.js`, decide a module's format.
   *
   * @example
   * pixels.packageType("/app/src") // "module"
   */
  packageType(dir: string): unknown {
    if (this.#packageTypes.has(dir)) return this.#packageTypes.get(dir);
    const pkg = this.packageJson(dir);
    const type = pkg ? pkg.type : dirname(dir) === dir ? undefined : this.packageType(dirname(dir));
    this.#packageTypes.set(dir, type);
    return type;
  }

  /** A package folder's real path (a workspace's node_modules entry is a symlink), or itself when only the pixels hold it. */
  #packageDir(dir: string): string | undefined {
    if (this.#packageDirs.has(dir)) return this.#packageDirs.get(dir);
    let real: string | undefined;
    try {
      real = realpathSync(dir);
    } catch {
      real = this.has(join(dir, "package.json")) ? dir : undefined;
    }
    this.#packageDirs.set(dir, real);
    return real;
  }

  /**
   * The module's verified bytes; throws {@link PxosError} naming module and image when anything is off.
   * With `form` (or forms, the first preferred), its form derived at encode in their place when there
   * is one to serve: bytes bound to the manifest and to its current source (cache/derived-pack.ts; so
   * allowed under a trust key), while its image is one a run verified (then the source is not read at
   * all) or after the image is verified. With `transient`, the bytes may be a view of memory the next
   * transient read reuses: for a caller done with them before it reads again (it decodes them, or
   * hands them to a runtime that copies them), which spares the process fresh memory (cache/pack.ts).
   */
  read(absPath: string, opts: { form?: string | readonly string[]; transient?: boolean } = {}): PixelModule {
    const key = this.manifest.keyOf(absPath);
    const entry = key === undefined ? undefined : this.manifest.entry(key);
    if (key === undefined || !entry) throw new PxosError("NOT_FOUND", `${absPath} is not a pixel module`, this.manifest.path);
    const packed = this.#cartridge?.get(key);
    if (packed) return { key, path: absPath, image: this.manifest.path, loader: entry.loader, sha256: entry.sha256, bytes: packed };
    const image = this.manifest.imagePath(key);
    const forms = (typeof opts.form === "string" ? [opts.form] : (opts.form ?? [])).filter((form) => this.manifest.derived[form] !== undefined);
    const derived = (): PixelModule | undefined => {
      for (const form of forms) {
        const bytes = this.#derivedPack()?.lookup(key, entry, form, opts.transient ? this.#scratch.derived : undefined);
        if (bytes) return { key, path: absPath, image, loader: entry.loader, sha256: entry.sha256, bytes, form };
      }
      return undefined;
    };
    const ready = forms.length > 0 && this.#sourcePack()?.unchanged(entry.sha256, image) ? derived() : undefined;
    if (ready) return ready;
    // Its own scratch: a form looked up after it must not overwrite it.
    const cached = this.#sourcePack()?.lookup(entry.sha256, image, opts.transient ? this.#scratch.sources : undefined);
    if (cached?.known) return derived() ?? { key, path: absPath, image, loader: entry.loader, sha256: entry.sha256, bytes: cached.known };
    const bytes = readModuleImage(this.manifest, key, this.#platform, { maxPixels: this.#maxPixels, remedy: "re-run `pxos encode`" });
    cached?.keep(bytes);
    return derived() ?? { key, path: absPath, image, loader: entry.loader, sha256: entry.sha256, bytes };
  }

  /** The forms derived at encode (cache/derived-pack.ts); none with the cache off. */
  #derivedPack(): DerivedPack | undefined {
    if (this.#derived === undefined)
      this.#derived = this.options.cacheDir ? derivedPack(this.options.cacheDir, this.manifest.path, this.manifest.derived, this.#platform) : null;
    return this.#derived ?? undefined;
  }

  /**
   * The verified sources of earlier runs (cache/source-pack.ts), saved when the process exits; none
   * for a cartridge (one image, read once) or with the cache off.
   */
  #sourcePack(): SourcePack | undefined {
    if (this.#sources === undefined) {
      const dir = this.#cartridge ? undefined : this.options.cacheDir;
      this.#sources = dir ? sourcePack(dir, this.manifest.path, this.#platform) : null;
      if (this.#sources) saveAtExit(this.manifest.path, this.#sources, () => this.manifest.recordedShas());
    }
    return this.#sources ?? undefined;
  }
}

/** By project: a project opened again (the viewer opens it per request) replaces its earlier pack. */
const unsaved = new Map<string, [SourcePack, () => Iterable<string>]>();

/** One exit listener for every pack of the process: a pack is written once, when nothing more will be read. */
function saveAtExit(owner: string, pack: SourcePack, keep: () => Iterable<string>): void {
  if (unsaved.size === 0)
    process.once("exit", () => {
      for (const [p, shas] of unsaved.values()) p.save(shas());
    });
  unsaved.set(owner, [pack, keep]);
}
