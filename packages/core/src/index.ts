/**
 * @pxos/core — source code that lives in pixels. Runtime-neutral: only
 * `node:` builtins and web APIs, no `Bun.*` or `Deno.*`.
 */
import * as codec from "./codec/index.ts";
import type { CodecPlatform, Decoded, DecodeOptions, EncodeOptions, ImageInfo } from "./codec/types.ts";
import { nodePlatform } from "./io/platform-node.ts";

export {
  BUN_FORM,
  BUN_SOURCE_FORM,
  DEFAULT_IMPORT_MAP,
  DENO_FORM,
  IMAGE_EXTENSION,
  isPxosError,
  type Loader,
  PxosError,
  type PxosErrorCode,
  SIGNATURE_SUFFIX,
  shownKey,
  shownKeys,
} from "./base/index.ts";
export { addsHelpers, sourceText } from "./cache/index.ts";
export { type Cartridge, type CartridgeCompression, type CartridgeHeader, type PackOptions, packCartridge, readCartridge } from "./cartridge/index.ts";
export { toHex } from "./codec/bytes.ts";
export { type CodecPlatform, type Decoded, type DecodeOptions, detectFormat, type EncodeOptions, type ImageFormat, type ImageInfo } from "./codec/index.ts";
export { errnoReason, imageMagic, maxImageFileBytes, nodePlatform, readFileOrFail, readRegularFile, writeFileAtomic } from "./io/index.ts";
export {
  checkRelease,
  generateSigningKeys,
  isContainedPath,
  keyFingerprint,
  Manifest,
  type ManifestData,
  type ManifestEntry,
  parseRelease,
  readManifestSignature,
  signingKeyFingerprint,
  signManifest,
  signManifestRelease,
  verifyManifestSignature,
} from "./manifest/index.ts";
export { type EncodeProjectOptions, type EncodeProjectResult, encodeProject, type ModuleEdit, PixelFS, replaceModuleSource } from "./project/index.ts";
export {
  envWithSource,
  getPixelStats,
  isDebug,
  type OptionsInput,
  type PixelModule,
  PixelModules,
  type PixelStats,
  type PxosOptions,
  resolveOptions,
} from "./runtime/index.ts";

/**
 * Encode bytes into an image with the runtime's native zlib and crypto.
 *
 * @example
 * const png = encodeImage(new TextEncoder().encode("export {}"), { loader: "ts", path: "a.ts" });
 */
export function encodeImage(data: Uint8Array, opts: EncodeOptions = {}, platform: CodecPlatform = nodePlatform): Uint8Array {
  return codec.encodeImage(data, opts, platform);
}

/**
 * Decode and verify an image of either format.
 *
 * @example
 * const { bytes, info } = decodeImage(readFileSync("a.ts.pxi"), { file: "a.ts.pxi" });
 */
export function decodeImage(file: Uint8Array, opts: DecodeOptions = {}, platform: CodecPlatform = nodePlatform): Decoded {
  return codec.decodeImage(file, opts, platform);
}

/**
 * Header info of an image, without inflating or hashing.
 *
 * @example
 * readImageInfo(bytes).sha256
 */
export function readImageInfo(file: Uint8Array, opts: DecodeOptions = {}, platform: CodecPlatform = nodePlatform): ImageInfo {
  return codec.readImageInfo(file, opts, platform);
}
