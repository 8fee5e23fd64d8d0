/**
 * Changing one module in place — what an editor's Save does: a new,
 * content-named image, then the manifest entry, then the old image goes.
 * The same crash safety and lock as `pxos encode`. The module's file on disk,
 * where it held what the pixels held, gets the edit too: else the next
 * `pxos encode` would take the old file over it.
 */
import { lstatSync, rmSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { PxosError } from "../base/errors.ts";
import { toHex } from "../codec/bytes.ts";
import { encodeImage } from "../codec/encode.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { nodePlatform } from "../io/platform-node.ts";
import { readRegularFile } from "../io/read-file.ts";
import { Manifest, type ManifestEntry, serializeManifest } from "../manifest/manifest.ts";
import { imageName } from "./encode.ts";
import { withLock } from "./lock.ts";

export interface ModuleEdit {
  entry: ManifestEntry;
  /**
   * The module's file on disk: `updated` when it held what the pixels held before (it holds the edit
   * now), `left` when it held something else (the next `pxos encode` takes it over the edit, unless
   * it goes), `none` when there is no such regular file.
   */
  file: "updated" | "left" | "none";
}

/**
 * Replace module `key`'s source with `source`, keeping its format.
 *
 * @example
 * replaceModuleSource("pixel_manifest.json", "src/greet.ts", new TextEncoder().encode("export {}\n")).entry.sha256;
 */
export function replaceModuleSource(manifestPath: string, key: string, source: Uint8Array): ModuleEdit {
  return withLock(`${resolve(manifestPath)}.lock`, (lock) => {
    const manifest = Manifest.load(manifestPath);
    const old = manifest.entry(key);
    if (!old) throw new PxosError("NOT_FOUND", `no module ${key} in the pixels`, manifest.path);
    const path = manifest.modulePath(key);
    const file = fileState(path, old.sha256);
    const oldImage = manifest.imagePath(key);
    const sha256 = toHex(nodePlatform.sha256(source));
    // The new image sits beside the old one, named by its own content.
    const image = resolve(dirname(oldImage), `${imageName(key.slice(key.lastIndexOf("/") + 1), sha256)}`);
    lock.record(image);
    writeFileAtomic(image, encodeImage(source, { format: old.format, loader: old.loader, path: key }, nodePlatform));
    // The module's derived forms name the old source, so none is served for it until the next encode; a JSON
    // file (package.json, tsconfig.json) may change how every module's imports resolve, so all forms go with it.
    if (key.endsWith(".json")) delete manifest.data.derived;
    const entry: ManifestEntry = { ...old, image: relative(manifest.dir, image).split("\\").join("/"), size: source.length, sha256 };
    manifest.data.modules[key] = entry;
    writeFileAtomic(manifest.path, serializeManifest(manifest.data));
    if (image !== oldImage) rmSync(oldImage, { force: true });
    if (file.state === "updated") writeFileAtomic(path, source, { mode: file.mode });
    return { entry, file: file.state };
  });
}

/** Whether the module's file is a regular file holding the bytes with SHA-256 `sha256` (its mode kept for the rewrite). */
function fileState(path: string, sha256: string): { state: ModuleEdit["file"]; mode?: number } {
  let mode: number;
  try {
    const stats = lstatSync(path);
    if (!stats.isFile()) return { state: "none" };
    mode = stats.mode & 0o777;
  } catch {
    return { state: "none" };
  }
  try {
    return toHex(nodePlatform.sha256(readRegularFile(path))) === sha256 ? { state: "updated", mode } : { state: "left" };
  } catch {
    return { state: "left" };
  }
}
