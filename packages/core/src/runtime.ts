/**
 * `@pxos/core/runtime` — what a runtime adapter needs to serve modules from
 * pixels, and nothing else: no encoder, no deflater, no glob matcher, so an
 * adapter adds as little as possible to every process start.
 */
export { builtinStripper, CACHE_DIR_NAME, cacheDir, type Stripper } from "./cache.ts";
export type { CodecPlatform } from "./codec/platform.ts";
export { isPxosError, PxosError, type PxosErrorCode } from "./errors.ts";
export type { Loader } from "./loaders.ts";
export { DEFAULT_IMPORT_MAP, Manifest } from "./manifest.ts";
export { PIXEL_QUERY, pixelId, stripPixelQuery } from "./origin.ts";
export { defaultManifestPath, type PixelModule, PixelModules, type PixelModulesOptions, policyOptions } from "./pixel-modules.ts";
export { nodePlatform } from "./platform-node.ts";
export { checkRelease, type TrustOptions, type TrustPolicy, trustPolicy } from "./release.ts";
export { isPathSpecifier, resolvePathSpecifier } from "./resolve.ts";
export { isPackageSpecifier, type PackageHost, type PackageJson, resolvePackageSpecifier } from "./resolve-package.ts";
export { getPixelStats, type PixelStats, recordPixelStats } from "./stats.ts";
export { type StrippedCache, strippedCache } from "./stripped-pack.ts";
export { reportUncaughtPxosErrors } from "./uncaught.ts";
