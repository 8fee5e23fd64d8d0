/**
 * @pxos/core — source code that lives in pixels. Runtime-neutral: only
 * `node:` builtins and web APIs, no `Bun.*` or `Deno.*`.
 */
import * as codec from "./codec/index.ts";
import type { Decoded, DecodeOptions, EncodeOptions, ImageInfo } from "./codec/types.ts";
import { nodePlatform } from "./io/platform-node.ts";

export {
  CACHE_DIR_NAME,
  DEFAULT_IMPORT_MAP,
  DEFAULT_MANIFEST,
  DEFAULT_OUT_DIR,
  IMAGE_EXTENSION,
  isLoader,
  isPxosError,
  LOADERS,
  type Loader,
  loaderFor,
  PIXEL_QUERY,
  PxosError,
  type PxosErrorCode,
  SIGNATURE_SUFFIX,
} from "./base/index.ts";
export { builtinStripper, type StrippedCache, type Stripper, strippedCache } from "./cache/index.ts";
export {
  CARTRIDGE_WIDTH,
  type Cartridge,
  type CartridgeCompression,
  type CartridgeHeader,
  type PackOptions,
  packCartridge,
  readCartridge,
} from "./cartridge/index.ts";
export { toHex } from "./codec/bytes.ts";
export {
  type CodecPlatform,
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
export { errnoReason, imageMagic, MAX_INPUT_BYTES, maxImageFileBytes, nodePlatform, readFileOrFail, readRegularFile, writeFileAtomic } from "./io/index.ts";
export * from "./manifest/index.ts";
export * from "./project/index.ts";
export {
  candidatePaths,
  ENVIRONMENT,
  type Env,
  envWithSource,
  getPixelStats,
  isDebug,
  isPackageSpecifier,
  isPathSpecifier,
  type OptionsInput,
  type PackageHost,
  type PackageJson,
  type PixelModule,
  PixelModules,
  type PixelStats,
  type PxosOptions,
  pixelId,
  pxosEnv,
  recordPixelStats,
  resolveOptions,
  resolvePackageSpecifier,
  resolvePathSpecifier,
  stripPixelQuery,
} from "./runtime/index.ts";

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
