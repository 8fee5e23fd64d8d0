/**
 * Changing one module in place — what an editor's Save does: a new,
 * content-named image, then the manifest entry, then the old image goes.
 * The same crash safety and lock as `pxos encode`. The module's file on disk,
 * where it held what the pixels held, gets the edit too: else the next
 * `pxos encode` would take the old file over it.
 */
import { accessSync, chmodSync, chownSync, constants, rmSync, type Stats } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { PxosError, shownKey } from "../base/errors.ts";
import { toHex } from "../codec/bytes.ts";
import { encodeImage } from "../codec/encode.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { nodePlatform } from "../io/platform-node.ts";
import { errnoReason, readRegularFile } from "../io/read-file.ts";
import { Manifest, type ManifestEntry, serializeManifest } from "../manifest/manifest.ts";
import { imageName } from "./encode.ts";
import { withLock } from "./lock.ts";
import { fileAt } from "./walk.ts";

export interface ModuleEdit {
  entry: ManifestEntry;
  /**
   * The module's file on disk: `updated` when it held what the pixels held before (it holds the edit
   * now); `left` when it could not be (it held other code, it is a link or under one, it is
   * read-only, or writing it failed: `why` says), so the next `pxos encode` would take it over the
   * edit unless it goes; `none` when nothing is at its path.
   */
  file: "updated" | "left" | "none";
  why?: string;
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
    if (!old) throw new PxosError("NOT_FOUND", `no module ${shownKey(key)} in the pixels`, manifest.path);
    const file = fileOf(manifest.root, key, old.sha256);
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
    // The pixels hold the edit now: the file is a view of them, and failing to write it fails nothing.
    if (file.stats) {
      try {
        rewrite(file.path, source, file.stats);
      } catch (cause) {
        return { entry, file: "left", why: `it could not be written (${errnoReason(cause)})` };
      }
      return { entry, file: "updated" };
    }
    return { entry, file: file.state, ...(file.why ? { why: file.why } : {}) };
  });
}

/**
 * The module's file, where the edit may go to it: a regular file that holds the bytes with SHA-256
 * `sha256`, reached through folders only (never a link, as the walk goes) and writable.
 */
function fileOf(root: string, key: string, sha256: string): { path: string; stats?: Stats; state: ModuleEdit["file"]; why?: string } {
  const path = join(root, key);
  const at = fileAt(root, key);
  if (at === "missing") return { path, state: "none" };
  if (at === "link") return { path, state: "left", why: "it is a link, or under one (pxos writes through none)" };
  if (at === "other") return { path, state: "left", why: "it is not a regular file" };
  try {
    accessSync(path, constants.W_OK);
    if (toHex(nodePlatform.sha256(readRegularFile(path))) !== sha256) return { path, state: "left", why: "it held other code than the pixels" };
  } catch (cause) {
    return { path, state: "left", why: `it could not be read and written (${errnoReason(cause)})` };
  }
  return { path, stats: at, state: "updated" };
}

/** Replaces the file atomically, keeping its mode (whatever the umask) and, for root, its owner. */
function rewrite(path: string, source: Uint8Array, was: Stats): void {
  writeFileAtomic(path, source, { mode: was.mode & 0o7777 });
  chmodSync(path, was.mode & 0o7777);
  if (process.getuid?.() === 0 && (was.uid !== 0 || was.gid !== 0)) chownSync(path, was.uid, was.gid);
}
