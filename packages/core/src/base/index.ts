/** What every other part of core builds on: the one error type, the names pxos gives things, the module loaders, and Node built-ins fetched on first use. */
export { isPxosError, PxosError, type PxosErrorCode, shownKey, shownKeys } from "./errors.ts";
export { isLoader, LOADERS, type Loader, loaderFor } from "./loaders.ts";
export {
  BUN_FORM,
  BUN_SOURCE_FORM,
  CACHE_DIR_NAME,
  DEFAULT_IMPORT_MAP,
  DEFAULT_MANIFEST,
  DEFAULT_OUT_DIR,
  DENO_FORM,
  IMAGE_EXTENSION,
  PIXEL_QUERY,
  SIGNATURE_SUFFIX,
  STATS_KEY,
  TEMP_SUFFIX,
} from "./names.ts";
