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
  "dayjs-plugins": {
    deno: 'Deno reads the UMD plugin reached by import() (a .js in a package without "type") as an ES module, where the UMD\'s `this` is undefined',
  },
  "effect-src": {
    node22: "Node maps no `.js` specifier to a `.ts` file (ERR_MODULE_NOT_FOUND for ./effect/index.js)",
    node24: "Node maps no `.js` specifier to a `.ts` file (ERR_MODULE_NOT_FOUND for ./effect/index.js)",
  },
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

/** case → "<runtime> <mode>" → why pixels differ from plain files there. */
export const KNOWN_FAILURES: Record<string, Record<string, string>> = {};
