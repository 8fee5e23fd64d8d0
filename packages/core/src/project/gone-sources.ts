/**
 * Modules whose files are gone. Once the sources may go, the pixels can be all there is of a
 * module, and a file deleted on purpose looks the same as one gone with the rest: so `pxos encode`
 * and `pxos pack` never decide alone. They keep such modules from their verified pixels when told
 * to (`--keep`), or when no module of the project is on disk any more (a project of pixels alone);
 * they drop them when told to (`--prune`); else they stop and ask (`PIXELS_ONLY`), before writing
 * anything.
 *
 * @example
 * const gone = goneModules(root, manifest, files, selection); // selected, no file the walk takes
 * const pixels = readGone(manifest, gone); // verified bytes, or a PxosError naming the module
 */
import { lstatSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { isPxosError, PxosError, shownKey, shownKeys } from "../base/errors.ts";
import { loaderFor } from "../base/loaders.ts";
import { nodePlatform } from "../io/platform-node.ts";
import { isContainedPath, type Manifest } from "../manifest/manifest.ts";
import { readModuleImage } from "../manifest/module-image.ts";
import { fileAt, type WalkOptions, wouldList } from "./walk.ts";

/** What to do with modules whose files are gone: ask (stop), keep them from their pixels, or drop them. */
export type GonePolicy = { keep?: boolean; prune?: boolean };

/** The modules of a manifest made for this `root` that the selection takes but the walk found no file for. */
export function goneModules(root: string, manifest: Manifest, files: readonly string[], selection: WalkOptions): string[] {
  if (!sameFolder(manifest.root, root)) return [];
  const taken = new Set(files);
  const selected = wouldList(root, selection);
  return manifest.keys().filter((key) => !taken.has(key) && selected(key));
}

/**
 * Keep, drop or refuse the gone modules: the ones to keep. With neither `keep` nor `prune`, they are
 * kept only when no module of the manifest is on disk any more; else `PIXELS_ONLY`, naming them.
 */
export function decideGone(gone: readonly string[], manifest: Manifest, policy: GonePolicy, verb: "encode" | "pack"): string[] {
  if (gone.length === 0 || policy.prune) return policy.keep ? [...gone] : [];
  if (policy.keep || manifest.keys().every((key) => !onDisk(manifest.root, key))) return [...gone];
  const it = gone.length === 1 ? "it" : "them";
  const [keep, drop] = verb === "encode" ? [`keep ${it}`, `drop ${it}`] : [`pack ${it}`, `leave ${it} out`];
  throw new PxosError(
    "PIXELS_ONLY",
    `${shownKeys(gone)} ${gone.length === 1 ? "has" : "have"} no file any more, and the pixels may be all there is of ${it}: pass --keep to ${keep} from the pixels, or --prune to ${drop}; nothing written`,
    manifest.path,
  );
}

/** Each kept module's bytes from its image, verified: a missing or damaged one stops the caller, naming the module. */
export function readGone(manifest: Manifest, keys: readonly string[]): Map<string, Uint8Array> {
  const read = (key: string): Uint8Array => {
    try {
      return readModuleImage(manifest, key, nodePlatform);
    } catch (err) {
      if (!isPxosError(err)) throw err;
      const why = `${err.reason}, and the module has no file to take instead: restore it, or drop such modules with --prune`;
      throw new PxosError(err.code, why, err.file, { cause: err });
    }
  };
  return new Map(keys.map((key) => [key, read(key)]));
}

/** Of a manifest's modules `keys` (made for `root`), those without a file there the walk would take: the ones that may live in pixels alone. */
export function pixelsOnly(root: string, keys: readonly string[]): string[] {
  return keys.filter((key) => !onDisk(root, key));
}

/** A regular file at the module's path, reached through folders only (never a link, as the walk goes). */
const onDisk = (root: string, key: string): boolean => typeof fileAt(root, key) === "object";

/**
 * Warnings for kept modules that a file on disk competes with for the same import (`util.js` kept,
 * `util/index.js` there; `lib.ts` kept, `lib.tsx` there): the kept module may win it.
 */
export function rivalWarnings(kept: readonly string[], files: readonly string[]): string[] {
  const byName = new Map<string, string>();
  for (const file of files) {
    const name = importName(file);
    if (name !== undefined && !byName.has(name)) byName.set(name, file);
  }
  return kept.flatMap((key) => {
    const name = importName(key);
    const file = name === undefined ? undefined : byName.get(name);
    return file ? [`${shownKey(key)}, kept from its pixels, and ${shownKey(file)} on disk answer the same import; --prune drops the kept one`] : [];
  });
}

/** The JavaScript or TypeScript module's path without its extension, and without `/index` for a folder's. */
function importName(key: string): string | undefined {
  const loader = loaderFor(key);
  if (!loader || loader === "json") return undefined;
  const bare = key.slice(0, key.lastIndexOf("."));
  return bare.endsWith("/index") ? bare.slice(0, -"/index".length) : bare;
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

/**
 * For a manifest pxos cannot read (its `text`, at `manifestPath`, made for `root`): the modules it
 * names that live in pixels alone — an entry naming an image that is there, and no file the walk
 * took (`files`) — which rebuilding without it would lose; undefined for text that does not look
 * like a manifest at all (a version, an object of modules).
 */
export function pixelsOnlyIn(text: string, manifestPath: string, root: string, files: readonly string[]): string[] | undefined {
  let json: { version?: unknown; modules?: unknown } | null;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json?.version !== "number" || typeof json.modules !== "object" || json.modules === null) return undefined;
  const taken = new Set(files);
  const named = Object.entries(json.modules).flatMap(([key, entry]) => {
    const image = (entry as { image?: unknown } | null)?.image;
    return !taken.has(key) &&
      isContainedPath(key) &&
      typeof image === "string" &&
      isContainedPath(image) &&
      lstatSync(join(dirname(manifestPath), image), { throwIfNoEntry: false })?.isFile()
      ? [key]
      : [];
  });
  return pixelsOnly(root, named);
}

/** `module src/a.ts lives` or `3 modules (src/a.ts, src/b.ts, …) live`. */
export const livesIn = (keys: readonly string[]): string => `${shownKeys(keys)} ${keys.length === 1 ? "lives" : "live"}`;
