/**
 * The real-world corpus: pinned packages from the npm registry (tests/realworld/package.json),
 * each copied into a project as that project's own modules, with a driver that prints what it
 * computes. "Code nobody here wrote", run plain and from pixels on every runtime.
 */
export interface RealWorldCase {
  name: string;
  /** The shape of code the case brings. */
  shape: string;
  /** The driver, relative to the project. */
  entry: string;
  /** Package files copied in as the project's own modules: [from under tests/realworld/node_modules, to in the project]. */
  copies: [string, string][];
  /** Directory names left out of the copies (a package's own tests). */
  skip?: string[];
  /** The project imports packages by bare name from a node_modules beside it (the corpus's, linked). */
  nodeModules?: boolean;
  env?: Record<string, string>;
}

export const CASES: RealWorldCase[] = [
  {
    name: "query-core-src",
    shape: "@tanstack/query-core 5.62.0's TypeScript source (src/*.ts, shipped in its tarball): extensionless relative imports, a directory import",
    entry: "main.ts",
    copies: [["@tanstack/query-core/src", "src"]],
  },
  {
    name: "zod-src",
    shape: "zod 4.1.12's TypeScript source (src/v4 without its tests): `.js` specifiers that name `.ts` files, as TypeScript's nodenext style writes them",
    entry: "main.ts",
    copies: [["zod/src/v4", "zod/v4"]],
    skip: ["tests"],
  },
  {
    name: "lodash-es",
    shape: "lodash-es 4.17.21: an ES-module package of 640 modules, all loaded through its aggregate module",
    entry: "main.mjs",
    copies: [["lodash-es", "lodash-es"]],
  },
  {
    name: "semver-cjs",
    shape: "semver 7.6.3: CommonJS with a folder require (package.json main) and extensionless requires",
    entry: "main.cjs",
    copies: [["semver", "semver"]],
  },
  {
    name: "semver-esm",
    shape: "semver 7.6.3 imported from an ES module: a default import and named imports of CommonJS exports, and createRequire",
    entry: "main.mjs",
    copies: [["semver", "semver"]],
  },
  {
    name: "chalk-imports",
    shape: 'chalk 5.3.0: package.json "imports" (#ansi-styles, and #supports-color with node/default conditions)',
    entry: "main.js",
    copies: [
      ["chalk/source", "source"],
      ["chalk/package.json", "package.json"],
    ],
    // A fixed colour level that only Node's #supports-color reads (TERM=dumb: it returns the forced level before
    // looking at the terminal), so the level printed shows which implementation ran: 2 for Node's, 0 for the browser's.
    env: { FORCE_COLOR: "2", TERM: "dumb" },
  },
  {
    name: "preact-jsx",
    shape: "a Preact 10.25.4 app in .jsx/.tsx (automatic runtime by @jsxImportSource), rendered by preact-render-to-string 6.5.13 reached by bare name",
    entry: "main.jsx",
    copies: [],
    nodeModules: true,
  },
  {
    name: "ajv-cjs",
    shape:
      "ajv 8.17.1: CommonJS requiring JSON meta-schemas required from dist/refs, validators made by new Function, dependencies required by bare name from a node_modules on disk",
    entry: "main.cjs",
    copies: [["ajv", "ajv"]],
    skip: ["lib"],
    nodeModules: true,
  },
  {
    name: "commander-esm-wrapper",
    shape:
      'commander 12.1.0: an ES-module wrapper (esm.mjs) default-importing CommonJS in a "type": "commonjs" folder and re-exporting its keys, classes extending node:events\' EventEmitter',
    entry: "main.mjs",
    copies: [["commander", "commander"]],
    skip: ["typings"],
  },
  {
    name: "uuid-dual",
    shape:
      'uuid 11.0.3: an ES-module build importing the built-in `crypto` by bare name, and its CommonJS build in a "type": "commonjs" folder inside a "type": "module" package, side by side',
    entry: "main.js",
    copies: [["uuid", "uuid"]],
    skip: ["esm-browser", "cjs-browser", "bin"],
  },
  {
    name: "yaml-conditions",
    shape:
      'yaml 2.6.1: its CommonJS build in a "type": "commonjs" package reached through the project\'s package.json "imports" (`node` condition), default and named imports of it, and its ES-module build beside it',
    entry: "main.js",
    copies: [["yaml", "yaml"]],
  },
  {
    name: "acorn-mjs",
    shape:
      'acorn 8.14.0: one large ES module (dist/acorn.mjs, a class subclassed by the driver) and its UMD build required as CommonJS from a package without "type"',
    entry: "main.mjs",
    copies: [["acorn", "acorn"]],
  },
  {
    name: "hono-app",
    shape:
      "hono 4.6.14: a TypeScript app over an ES-module build of ~170 modules (`.js` specifiers into folders' index.js), middleware using Web Crypto, and its CommonJS build (dist/cjs) required beside it",
    entry: "main.ts",
    copies: [["hono", "hono"]],
    skip: ["types"],
  },
  {
    name: "rxjs-cjs",
    shape:
      "rxjs 7.8.1's CommonJS build (dist/cjs, ~500 modules re-exported through Object.defineProperty getters), requiring tslib by bare name from a node_modules on disk",
    entry: "main.cjs",
    copies: [
      ["rxjs/dist/cjs", "rxjs/dist/cjs"],
      ["rxjs/package.json", "rxjs/package.json"],
    ],
    nodeModules: true,
  },
  {
    name: "debug-cjs",
    shape:
      "debug 4.3.7: CommonJS choosing its Node half from `process` at run time, an optional require of a missing package in try/catch, DEBUG_* from process.env, ms required by bare name from a node_modules on disk",
    entry: "main.cjs",
    copies: [["debug", "debug"]],
    nodeModules: true,
    env: { DEBUG: "app:*,-app:skip", DEBUG_HIDE_DATE: "1", DEBUG_COLORS: "0", DEBUG_DEPTH: "3" },
  },
  {
    name: "effect-src",
    shape:
      "effect 3.12.0's TypeScript source (src/, 360 modules, 6.8 MB): `.js` specifiers naming `.ts` files, declare namespaces, generators, Schema; fast-check by bare name from a node_modules on disk",
    entry: "main.ts",
    copies: [["effect/src", "effect"]],
    nodeModules: true,
  },
  {
    name: "mime-db-json",
    shape:
      "mime-db 1.52.0: a 180 kB JSON file behind a folder's package.json main, required and dynamically imported; mime-types 2.1.35 requiring mime-db by bare name from a node_modules on disk",
    entry: "main.cjs",
    copies: [
      ["mime-db", "mime-db"],
      ["mime-types", "mime-types"],
    ],
    nodeModules: true,
  },
  {
    name: "dayjs-plugins",
    shape:
      "dayjs 1.11.13: UMD builds required as CommonJS, the core through a folder's main, plugins by computed require paths, a JSON list, a dynamic import of a UMD plugin",
    entry: "main.cjs",
    copies: [["dayjs", "dayjs"]],
    skip: ["esm"],
    env: { TZ: "UTC" },
  },
  {
    name: "iconv-lite-cjs",
    shape:
      "iconv-lite 0.6.3: CommonJS lazily requiring a parent folder and JSON code tables inside functions, `stream` in try/catch, safer-buffer by bare name from a node_modules on disk",
    entry: "main.cjs",
    copies: [["iconv-lite", "iconv-lite"]],
    nodeModules: true,
  },
  {
    name: "lru-cache-self",
    shape:
      'lru-cache 11.0.2 as its own project: self-reference by package name through "exports" (import/require conditions, ./min), ESM and CommonJS builds in "type" folders, a node:worker_threads Worker importing it, import.meta.filename/dirname',
    entry: "main.js",
    copies: [
      ["lru-cache/dist", "dist"],
      ["lru-cache/package.json", "package.json"],
    ],
  },
];
