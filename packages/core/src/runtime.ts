/**
 * `@pxos/core/runtime` — what a runtime adapter needs to serve modules from
 * pixels, and nothing else: no encoder, no deflater, no glob matcher, so an
 * adapter adds as little as possible to every process start.
 */
export { builtinStripper, type Stripper } from "./cache.ts";
export type { CodecPlatform } from "./codec/platform.ts";
export { isPxosError, PxosError, type PxosErrorCode } from "./errors.ts";
export type { Loader } from "./loaders.ts";
export { Manifest } from "./manifest.ts";
export { CACHE_DIR_NAME, DEFAULT_IMPORT_MAP, PIXEL_QUERY, STATS_KEY } from "./names.ts";
export { ENVIRONMENT, type Env, envWithSource, isDebug, type OptionsInput, type PxosOptions, pxosEnv, resolveOptions } from "./options.ts";
export { pixelId, stripPixelQuery } from "./origin.ts";
export { type PixelModule, PixelModules } from "./pixel-modules.ts";
export { nodePlatform } from "./platform-node.ts";
export { checkRelease } from "./release.ts";
export { isPathSpecifier, resolvePathSpecifier } from "./resolve.ts";
export { isPackageSpecifier, type PackageHost, type PackageJson, resolvePackageSpecifier } from "./resolve-package.ts";
export { getPixelStats, type PixelStats, recordPixelStats } from "./stats.ts";
export { type StrippedCache, strippedCache } from "./stripped-pack.ts";
export { reportUncaughtPxosErrors } from "./uncaught.ts";
