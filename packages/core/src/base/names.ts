/**
 * The names pxos gives things on disk and in a process, each spelt once: every other module, and
 * every adapter, takes them from here.
 */

/** The manifest an encode writes and an adapter reads by default, in the project's root. */
export const DEFAULT_MANIFEST = "pixel_manifest.json";
/** The folder images go in by default, beside the manifest. */
export const DEFAULT_OUT_DIR = "pixel_src_storage";
/** A module's image file ends so: `src/a.ts.3f2a9c1b7d4e.pxi`. */
export const IMAGE_EXTENSION = ".pxi";
/** Where `pxos import-map` writes Deno's import map by default, beside the manifest. */
export const DEFAULT_IMPORT_MAP = "pxos.importmap.json";
/** A manifest's (or cartridge's) signature is the file beside it with this suffix. */
export const SIGNATURE_SUFFIX = ".sig";
/** The folder older versions kept their cache in, inside the project: still never encoded. */
export const CACHE_DIR_NAME = ".pxos-cache";
/** What a module served from pixels adds to its path: `/app/a.ts?pxos` (origin.ts). */
export const PIXEL_QUERY = "?pxos";
/** What a temporary file written beside its target ends with, until it is renamed into place (io/atomic.ts). */
export const TEMP_SUFFIX = ".pxos-tmp";
/**
 * The derived form Bun's adapter serves in a module's place: JavaScript ready to run under `// @bun`
 * (manifest entry `derived.bun`, cache/derived-pack.ts).
 */
export const BUN_FORM = "bun";
/**
 * The derived form Bun's adapter serves, through Bun's transpiler, for a module that takes no
 * `BUN_FORM` (CommonJS): its source as the adapter would rewrite it at run time (bun-plugin/src/rewrite.ts).
 */
export const BUN_SOURCE_FORM = "bun-source";
/**
 * The derived form Deno's mirror holds in a TypeScript ES module's place: its JavaScript, every line
 * and column where it was (deno-loader/src/derive.ts).
 */
export const DENO_FORM = "deno";
/** The global symbol under which a process's pixel stats live, shared by every copy of core and by Deno's guard. */
export const STATS_KEY = "pxos.stats";
