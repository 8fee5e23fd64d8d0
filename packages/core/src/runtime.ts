/**
 * `@pxos/core/runtime` — what a runtime adapter needs to serve modules from
 * pixels, and nothing else: no encoder, no deflater, no glob matcher, so an
 * adapter adds as little as possible to every process start.
 */
// From each folder's index: none of them reaches the encoder, the deflater or the glob matcher.
export {
  BUN_FORM,
  BUN_SOURCE_FORM,
  DEFAULT_IMPORT_MAP,
  DENO_FORM,
  isPxosError,
  type Loader,
  PIXEL_QUERY,
  PxosError,
  STATS_KEY,
  TEMP_SUFFIX,
} from "./base/index.ts";
export { builtinStripper, type Deriver, type StrippedCache, type Stripper, strippedCache, strippedForm, strippedFormName } from "./cache/index.ts";
export { toHex } from "./codec/bytes.ts";
export type { CodecPlatform } from "./codec/platform.ts";
export { sha256 } from "./codec/sha256.ts";
export { assertPrivate, exposure, nodePlatform } from "./io/index.ts";
export { preverifyManifestSignature } from "./manifest/preverify.ts";
export {
  ENVIRONMENT,
  isPathSpecifier,
  type OptionsInput,
  type PixelModule,
  PixelModules,
  type PxosOptions,
  pixelId,
  pxosEnv,
  recordPixelStats,
  reportUncaughtPxosErrors,
  resolveOptions,
  resolvePathSpecifier,
  stripPixelQuery,
  userCacheDir,
} from "./runtime/index.ts";
