/**
 * What a runtime cannot do, fixture by fixture, with the reason. The suite
 * skips these (they are reported as skipped, never as passed); the goal is
 * an empty list.
 */
const nodeStripsTypesOnly = {
  "typescript-enum":
    "Node strips types and never transforms them: enum is ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX in strip-only mode (nodejs.org/api/typescript.html#type-stripping)",
  jsx: "Node has no JSX transform: .tsx/.jsx fail with ERR_INVALID_TYPESCRIPT_SYNTAX / SyntaxError",
};

const denoDataUrlsAreEsm = "Deno runs data: URLs as ES modules only: CommonJS cannot be served through an import map";

export const KNOWN_FAILURES: Record<string, Record<string, string>> = {
  bun: {
    commonjs:
      "Bun's runtime onLoad turns CommonJS contents into an ES module, so module.exports is lost (oven-sh/bun#39786, #27799); Bun has no hook to return CommonJS source",
    "package-type": "a CommonJS .js module: Bun's runtime onLoad loses module.exports (oven-sh/bun#39786)",
    "extensionless-deleted":
      "Bun resolves extensionless specifiers itself and never asks a runtime plugin (oven-sh/bun#12261; fix open in oven-sh/bun#40398), so a module whose file is gone cannot be found; with the file present the pixels still win",
  },
  node22: nodeStripsTypesOnly,
  node24: nodeStripsTypesOnly,
  deno: {
    commonjs: denoDataUrlsAreEsm,
    "package-type": `its CommonJS .js module: ${denoDataUrlsAreEsm}`,
    jsx: "es-module-lexer cannot lex JSX, so a .tsx/.jsx module's relative imports cannot be rewritten to absolute URLs, which a data: module needs (pxos import-map warns)",
  },
  "node24-async": {
    ...nodeStripsTypesOnly,
    commonjs:
      "module.register hooks run off-thread and see import only: require() goes through the CommonJS loader, which asks them nothing (the reason module.registerHooks exists, nodejs/node#55698)",
  },
};
