/**
 * @pxos/core — source code that lives in pixels. Runtime-neutral: only
 * `node:` builtins and web APIs, no `Bun.*` or `Deno.*`.
 */
import * as codec from "./codec/index.ts";
import type { Decoded, DecodeOptions, EncodeOptions, ImageInfo } from "./codec/types.ts";
import { nodePlatform } from "./platform-node.ts";

export { writeFileAtomic } from "./atomic.ts";
export { builtinStripper, type Stripper } from "./cache.ts";
export { CARTRIDGE_WIDTH, type Cartridge, type CartridgeCompression, type CartridgeHeader, readCartridge } from "./cartridge.ts";
export { type PackOptions, packCartridge } from "./cartridge-pack.ts";
export { toHex } from "./codec/bytes.ts";
export {
  DEFAULT_MAX_PIXELS,
  DEFAULT_WIDTH,
  type Decoded,
  type DecodeOptions,
  detectFormat,
  type EncodeOptions,
  type ImageFormat,
  type ImageInfo,
  imageWidth,
} from "./codec/index.ts";
export type { CodecPlatform } from "./codec/platform.ts";
export { replaceModuleSource } from "./edit.ts";
export { type EncodeProjectOptions, type EncodeProjectResult, encodeProject, imageName } from "./encode-project.ts";
export { isPxosError, PxosError, type PxosErrorCode } from "./errors.ts";
export { isLoader, LOADERS, type Loader, loaderFor } from "./loaders.ts";
export {
  isContainedPath,
  MANIFEST_VERSION,
  Manifest,
  type ManifestData,
  type ManifestEntry,
  parseManifest,
  serializeManifest,
} from "./manifest.ts";
export {
  CACHE_DIR_NAME,
  DEFAULT_IMPORT_MAP,
  DEFAULT_MANIFEST,
  DEFAULT_OUT_DIR,
  IMAGE_EXTENSION,
  PIXEL_QUERY,
  SIGNATURE_SUFFIX,
} from "./names.ts";
export { ENVIRONMENT, type Env, envWithSource, isDebug, type OptionsInput, type PxosOptions, pxosEnv, resolveOptions } from "./options.ts";
export { pixelId, stripPixelQuery } from "./origin.ts";
export { type PixelModule, PixelModules } from "./pixel-modules.ts";
export { PixelFS } from "./pixelfs.ts";
export { nodePlatform } from "./platform-node.ts";
export { errnoReason, imageMagic, MAX_INPUT_BYTES, maxImageFileBytes, readFileOrFail, readRegularFile } from "./read-file.ts";
export { checkRelease, isRelease, parseRelease } from "./release.ts";
export { candidatePaths, isPathSpecifier, resolvePathSpecifier } from "./resolve.ts";
export { isPackageSpecifier, type PackageHost, type PackageJson, resolvePackageSpecifier } from "./resolve-package.ts";
export { signManifestRelease } from "./sign-release.ts";
export { generateSigningKeys, keyFingerprint, readManifestSignature, signManifest, verifyManifestSignature } from "./signature.ts";
export { getPixelStats, type PixelStats, recordPixelStats } from "./stats.ts";
export { type StrippedCache, strippedCache } from "./stripped-pack.ts";
export { DEFAULT_EXCLUDED_FILES, listModules } from "./walk.ts";

/**
 * Encode bytes into an image with the runtime's native zlib and crypto.
 *
 * @example
 * const png = encodeImage(new TextEncoder().encode("export {}"), { loader: "ts", path: "a.ts" });
 */
export function encodeImage(data: Uint8Array, opts: EncodeOptions = {}): Uint8Array {
  return codec.encodeImage(data, opts, nodePlatform);
}

/**
 * Decode and verify an image of either format.
 *
 * @example
 * const { bytes, info } = decodeImage(readFileSync("a.ts.pxi"), { file: "a.ts.pxi" });
 */
export function decodeImage(file: Uint8Array, opts: DecodeOptions = {}): Decoded {
  return codec.decodeImage(file, opts, nodePlatform);
}

/**
 * Header info of an image, without inflating or hashing.
 *
 * @example
 * readImageInfo(bytes).sha256
 */
export function readImageInfo(file: Uint8Array, opts: DecodeOptions = {}): ImageInfo {
  return codec.readImageInfo(file, opts, nodePlatform);
}
