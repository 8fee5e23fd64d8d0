/**
 * One module's bytes from its image, verified: read as a regular file (never through a symlink,
 * within the size its pixel limit allows), decoded with every check the codec makes, and held to
 * the manifest's entry. What a run reads when no cache holds the module, and what `pxos encode`
 * carries over of a module whose source is gone.
 *
 * @example
 * const bytes = readModuleImage(manifest, "src/a.ts", nodePlatform); // throws PxosError naming image and module
 */
import { isPxosError, PxosError, shownKey } from "../base/errors.ts";
import { decodeImage } from "../codec/decode.ts";
import type { CodecPlatform } from "../codec/platform.ts";
import { imageMagic, maxImageFileBytes, readRegularFile } from "../io/read-file.ts";
import { type Manifest, NO_FOLLOW } from "./manifest.ts";

export function readModuleImage(manifest: Manifest, key: string, platform: CodecPlatform, opts: { maxPixels?: number; remedy?: string } = {}): Uint8Array {
  const entry = manifest.entry(key);
  const name = shownKey(key);
  if (!entry) throw new PxosError("NOT_FOUND", `module ${name} is not in the manifest`, manifest.path);
  const image = manifest.imagePath(key);
  let file: Uint8Array;
  try {
    file = readRegularFile(image, { flag: NO_FOLLOW, maxBytes: maxImageFileBytes(opts.maxPixels), head: imageMagic(image) });
  } catch (cause) {
    if (isPxosError(cause)) throw cause;
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new PxosError("NOT_FOUND", `image of module ${name} is missing`, image, { cause });
    if (code === "ELOOP") throw new PxosError("PATH_ESCAPE", `image of module ${name} is a symlink; images must be regular files`, image, { cause });
    throw new PxosError("IO", `cannot read image of module ${name}: ${(cause as Error).message}`, image, { cause });
  }
  const label = `${image} (module ${name})`;
  const { bytes, info } = decodeImage(file, { file: label, maxPixels: opts.maxPixels }, platform);
  if (info.sha256 !== entry.sha256 || info.size !== entry.size) {
    throw new PxosError("MANIFEST_MISMATCH", `image holds other bytes than the manifest records${opts.remedy ? ` (${opts.remedy})` : ""}`, label);
  }
  return bytes;
}
