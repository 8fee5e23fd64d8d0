/**
 * What adapters serve modules with: the options they resolve once, the verified pixel modules and
 * their resolution (paths and packages), how a served module is named, the stats an app can read,
 * and the one-line report of an uncaught PxosError.
 */
export { ENVIRONMENT, type Env, envWithSource, isDebug, type OptionsInput, type PxosOptions, pxosEnv, resolveOptions, userCacheDir } from "./options.ts";
export { pixelId, stripPixelQuery } from "./origin.ts";
export { type PixelModule, PixelModules } from "./pixel-modules.ts";
export { candidatePaths, isPathSpecifier, resolvePathSpecifier } from "./resolve.ts";
export { isPackageSpecifier, type PackageHost, type PackageJson, resolvePackageSpecifier } from "./resolve-package.ts";
export { getPixelStats, type PixelStats, recordPixelStats } from "./stats.ts";
export { reportUncaughtPxosErrors } from "./uncaught.ts";
