/**
 * The modules a manifest of this root names whose files are gone — nothing at their paths, where
 * the walk's selection would still take them —, each with its bytes from its image, verified
 * against that manifest. Once the sources may go, the pixels can be all there is of a module: `pxos encode`
 * keeps such a module and `pxos pack` packs it, both as if its file held those bytes. A missing or
 * damaged image stops the caller before it writes anything, naming the module.
 *
 * @example
 * const gone = goneSources(root, Manifest.load(manifestPath), listModules(root, selection), selection);
 * const bytes = gone.source("src/old.ts") ?? readFileSync(join(root, "src/old.ts"));
 */
import { lstatSync } from "node:fs";
import { join } from "node:path";
import { isPxosError, PxosError } from "../base/errors.ts";
import { nodePlatform } from "../io/platform-node.ts";
import { errnoReason } from "../io/read-file.ts";
import type { Manifest } from "../manifest/manifest.ts";
import { readModuleImage } from "../manifest/module-image.ts";
import { type WalkOptions, wouldList } from "./walk.ts";

export function goneSources(
  root: string,
  manifest: Manifest,
  files: readonly string[],
  selection: WalkOptions,
): { keys: string[]; source(key: string): Uint8Array | undefined } {
  // A manifest made for another root names other files: none of its modules is this root's to keep.
  if (manifest.root !== root) return { keys: [], source: () => undefined };
  const taken = new Set(files);
  const keys = manifest.keys().filter((key) => !taken.has(key) && wouldList(root, key, selection) && !existsAt(join(root, key)));
  const fromPixels = (key: string): Uint8Array => {
    try {
      return readModuleImage(manifest, key, nodePlatform);
    } catch (err) {
      if (!isPxosError(err)) throw err;
      const why = `${err.reason}, and the module has no source on disk to take instead: restore it, or leave it out (pxos encode --prune drops such modules)`;
      throw new PxosError(err.code, why, err.file, { cause: err });
    }
  };
  const sources = new Map(keys.map((key) => [key, fromPixels(key)]));
  return { keys, source: (key) => sources.get(key) };
}

/** Anything at the path, even a link or a folder: then its module was left out, not removed. */
function existsAt(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return false;
    throw new PxosError("IO", `cannot look at it: ${errnoReason(cause)}`, path, { cause });
  }
}
