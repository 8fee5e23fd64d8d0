/**
 * Changing one module in place — what an editor's Save does: a new,
 * content-named image, then the manifest entry, then the old image goes.
 * The same crash safety and lock as `pxos encode`.
 */
import { rmSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { PxosError } from "../base/errors.ts";
import { toHex } from "../codec/bytes.ts";
import { encodeImage } from "../codec/encode.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { nodePlatform } from "../io/platform-node.ts";
import { Manifest, type ManifestEntry, serializeManifest } from "../manifest/manifest.ts";
import { imageName } from "./encode.ts";
import { withLock } from "./lock.ts";

/**
 * Replace module `key`'s source with `source`, keeping its format; returns the new entry.
 *
 * @example
 * replaceModuleSource("pixel_manifest.json", "src/greet.ts", new TextEncoder().encode("export {}\n"));
 */
export function replaceModuleSource(manifestPath: string, key: string, source: Uint8Array): ManifestEntry {
  return withLock(`${resolve(manifestPath)}.lock`, (lock) => {
    const manifest = Manifest.load(manifestPath);
    const old = manifest.entry(key);
    if (!old) throw new PxosError("NOT_FOUND", `no module ${key} in the pixels`, manifest.path);
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
    return entry;
  });
}
