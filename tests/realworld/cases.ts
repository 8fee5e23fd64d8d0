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
];
