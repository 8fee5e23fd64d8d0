/**
 * Modules whose files are gone. Once the sources may go, the pixels can be all there is of a
 * module: `pxos encode` keeps such a module and `pxos pack` packs it, both as if its file held its
 * verified pixels, and encode drops the pixels of one only when told to (`--prune`).
 *
 * A module's file is gone when nothing is at its path below the project's root and every folder
 * on the way that is there is a folder (a link or a file in its place leaves the module out, as the
 * walk never follows one).
 *
 * @example
 * const gone = goneSources(root, Manifest.load(manifestPath), listModules(root, selection), selection);
 * const bytes = gone.source("src/old.ts") ?? readFileSync(join(root, "src/old.ts"));
 */
import { lstatSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { isPxosError, PxosError, shownKey } from "../base/errors.ts";
import { loaderFor } from "../base/loaders.ts";
import { nodePlatform } from "../io/platform-node.ts";
import { errnoReason } from "../io/read-file.ts";
import type { Manifest } from "../manifest/manifest.ts";
import { readModuleImage } from "../manifest/module-image.ts";
import { type WalkOptions, wouldList } from "./walk.ts";

export interface GoneSources {
  /** The modules kept: gone, and still selected. */
  keys: string[];
  /** A kept module's bytes from its image, verified; undefined for any other key. */
  source(key: string): Uint8Array | undefined;
  /**
   * Kept modules that a file on disk competes with for the same import (`util.js` kept, `util/index.js`
   * there; `lib.ts` kept, `lib.tsx` there): each with a warning, as the kept module may win it.
   */
  shadowing: string[];
}

const NONE: GoneSources = { keys: [], source: () => undefined, shadowing: [] };

/**
 * The modules of `manifest` (made for this `root`) to keep from their pixels, their images read and
 * verified now: a missing or damaged one stops the caller before it writes anything, naming the module.
 */
export function goneSources(root: string, manifest: Manifest, files: readonly string[], selection: WalkOptions): GoneSources {
  if (!sameFolder(manifest.root, root)) return NONE;
  const taken = new Set(files);
  const keys = manifest.keys().filter((key) => !taken.has(key) && wouldList(root, key, selection) && isGone(root, key));
  const fromPixels = (key: string): Uint8Array => {
    try {
      return readModuleImage(manifest, key, nodePlatform);
    } catch (err) {
      if (!isPxosError(err)) throw err;
      const why = `${err.reason}, and the module has no source on disk to take instead: restore it, or drop such modules with pxos encode --prune`;
      throw new PxosError(err.code, why, err.file, { cause: err });
    }
  };
  const sources = new Map(keys.map((key) => [key, fromPixels(key)]));
  const rival = rivals(files);
  const shadowing = keys.flatMap((key) => {
    const file = rival(key);
    return file ? [`${shownKey(key)}, kept from its pixels, and ${shownKey(file)} on disk answer the same import; --prune drops the kept one`] : [];
  });
  return { keys, source: (key) => sources.get(key), shadowing };
}

/** Of a manifest's modules `keys` (made for `root`), those whose files are gone there: the ones that live in pixels alone. */
export function pixelsOnly(root: string, keys: readonly string[]): string[] {
  return keys.filter((key) => isGone(root, key));
}

/** Nothing at the module's path, and nothing but folders on the way to it. */
function isGone(root: string, key: string): boolean {
  let at = root;
  const segments = key.split("/");
  for (const [i, segment] of segments.entries()) {
    at = join(at, segment);
    let isFolder: boolean;
    try {
      isFolder = lstatSync(at).isDirectory();
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return true;
      throw new PxosError("IO", `cannot look at it: ${errnoReason(cause)}`, at, { cause });
    }
    if (i < segments.length - 1 && !isFolder) return false;
  }
  return false;
}

/** The JavaScript or TypeScript module's path without its extension, and without `/index` for a folder's. */
function importName(key: string): string | undefined {
  const loader = loaderFor(key);
  if (!loader || loader === "json") return undefined;
  const bare = key.slice(0, key.lastIndexOf("."));
  return bare.endsWith("/index") ? bare.slice(0, -"/index".length) : bare;
}

/** For a module, the file of `files` an extensionless or folder import of it may reach instead. */
function rivals(files: readonly string[]): (key: string) => string | undefined {
  const byName = new Map<string, string>();
  for (const file of files) {
    const name = importName(file);
    if (name !== undefined && !byName.has(name)) byName.set(name, file);
  }
  return (key) => {
    const name = importName(key);
    return name === undefined ? undefined : byName.get(name);
  };
}

/** The same folder, however it is spelled (a link to it, `..`): by real path where both exist. */
export function sameFolder(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}
