/**
 * Where the real-world corpus does not run from pixels as it runs plain today, with the cause
 * as measured. Each entry runs as bun:test `test.failing`: a fix makes that test fail at once,
 * so the entry must go, and the list cannot go stale. The goal is an empty table.
 */

/** The plain runtime itself cannot run the case: only that is checked (it must still fail), and pixels are not compared. */
const nodeZod =
  "Node maps no `.js` specifier to a `.ts` file (ERR_MODULE_NOT_FOUND for ./zod/v4/classic/index.js); past that, zod's compat.ts declares an enum, which type stripping rejects (ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX)";

export const PLAIN_FAILS: Record<string, Partial<Record<string, string>>> = {
  "zod-src": { node22: nodeZod, node24: nodeZod },
  "query-core-src": {
    node22: "Node resolves no extensionless or directory specifier in an ES module (ERR_UNSUPPORTED_DIR_IMPORT for './src'), and has no flag for it",
    node24: "Node resolves no extensionless or directory specifier in an ES module (ERR_UNSUPPORTED_DIR_IMPORT for './src'), and has no flag for it",
  },
  "semver-esm": {
    deno: "Deno finds no named exports in semver's CommonJS index.js (`compare` is not provided): only its default import works plainly",
  },
  "preact-jsx": {
    node22: "Node has no JSX transform: .jsx is ERR_UNKNOWN_FILE_EXTENSION",
    node24: "Node has no JSX transform: .jsx is ERR_UNKNOWN_FILE_EXTENSION",
  },
};

const bunLosesCommonJs = "Bun's runtime onLoad turns CommonJS into an ES module (oven-sh/bun#39786)";
const bunCommonJs = `${bunLosesCommonJs}: main.cjs from pixels prints nothing and exits 0, a silent success (owned by the bun work)`;
const bunCommonJsFromEsm = `${bunLosesCommonJs}: semver/index.js from pixels has no default export (owned by the bun work)`;
const denoCommonJs = "pxos serves every module to Deno as an ES module: main.cjs fails with `require is not defined` (owned by the deno work)";
const nodeImportsDiskWins =
  'Node resolves "#ansi-styles" through package.json "imports" to the file on disk and the hook serves that file, not its pixels: the stub is linked (no default export) (owned by the node work)';
const nodeImportsDeleted =
  'Node resolves "#ansi-styles" through package.json "imports" to a file path the hook does not map to its pixels: ERR_MODULE_NOT_FOUND once the file is gone (owned by the node work)';
const denoLodash =
  "lodash's _Symbol.js declares its own `var Symbol`, which shadows the global that code pxos adds to each module calls (`Symbol.for`): TypeError reading 'for' of undefined (owned by the deno work)";
const denoJsx =
  "the served main.jsx keeps its relative import ./components/App.tsx, which is not found beside it in the cache (.pxos-cache/deno/…): JSX modules' imports are not rewritten (owned by the deno work)";

/** case → "<runtime> <mode>" → why pixels differ from plain files there. */
export const KNOWN_FAILURES: Record<string, Record<string, string>> = {
  "query-core-src": {
    "bun deleted":
      "Bun resolves the directory specifier './src' itself and never asks the plugin, so with src/ gone it is not found (oven-sh/bun#12261) (owned by the bun work)",
  },
  "lodash-es": {
    "deno deleted": denoLodash,
    "deno stubbed": denoLodash,
  },
  "semver-cjs": {
    "bun deleted": bunCommonJs,
    "bun stubbed": bunCommonJs,
    "node22 deleted":
      "Node 22's CommonJS loader checks that package.json \"main\" exists on disk for the folder require('./semver') before any hook is asked: Cannot find module semver/index.js (owned by the node work)",
    "deno deleted": denoCommonJs,
    "deno stubbed": denoCommonJs,
  },
  "semver-esm": {
    "bun deleted": bunCommonJsFromEsm,
    "bun stubbed": bunCommonJsFromEsm,
    "node22 deleted":
      "a CommonJS module imported from ESM gets the ESM loader's require, which on Node 22 resolves './internal/re' on disk without asking the hooks: Cannot find module once the file is gone (owned by the node work)",
  },
  "chalk-imports": {
    "bun deleted":
      "Bun resolves \"#supports-color\" itself, from the pixel module's path (main.js?pxos), and cannot find it once the files are gone: Cannot find package '#supports-color' (owned by the bun work)",
    "node22 deleted": nodeImportsDeleted,
    "node22 stubbed": nodeImportsDiskWins,
    "node24 deleted": nodeImportsDeleted,
    "node24 stubbed": nodeImportsDiskWins,
    "deno deleted":
      'Deno resolves "#supports-color" through package.json to the file on disk, which the import map does not send to its pixels: Module not found source/vendor/supports-color/index.js (owned by the deno work)',
    "deno stubbed":
      '"#supports-color" from pixels is the browser implementation (the default condition; exports ["default"], level 0) where plain Deno picks the node one (createSupportsColor, level 2): a different program runs (owned by the deno work)',
  },
  "preact-jsx": {
    "deno deleted": denoJsx,
    "deno stubbed": denoJsx,
  },
};
