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

const bunLosesCommonJs =
  "Bun's runtime onLoad turns CommonJS contents into an ES module, so module.exports is lost (oven-sh/bun#39786, #27799); Bun has no hook to return CommonJS source";
const bunExtensionless = "Bun resolves extensionless specifiers itself and never asks a runtime plugin (oven-sh/bun#12261; fix open in oven-sh/bun#40398)";
const deno = {
  "package-type":
    'plain Deno fails the same way: it reads a .js in a package.json without "type" as an ES module (syntax detection only with --unstable-detect-cjs), so the CommonJS .js has no default export',
};

/** #22.3: a package.json that lives only in pixels must drive `#` imports; the adapters below still read it from disk. */
const pixelPackageJson = (owner: string, runtime: string) => ({
  "imports-conditions-env": `${runtime} resolves "#env" from the package.json on disk, which the fixture deleted: the one in the pixels is not read (owned by the ${owner} work)`,
});
const nodePixelPackageJson = pixelPackageJson("node", "Node (ERR_PACKAGE_IMPORT_NOT_DEFINED)");
const bunPixelPackageJson = pixelPackageJson("bun", "Bun (Cannot find package '#env')");

/** What a cartridge changes by design, on every runtime: one image, its modules under its own path, nothing else inside. */
const cartridgeModel = {
  "damaged-bitflip": "damages one module's image; a cartridge is one image, verified whole (its damage is tested in tests/unit/cartridge.test.ts)",
  "damaged-truncated": "damages one module's image; a cartridge is one image, verified whole",
  "checksum-mismatch": "damages one module's image; a cartridge is one image, verified whole",
  "manifest-mismatch": "swaps one module's image; a cartridge has no per-module images",
  "missing-image": "deletes one module's image; a cartridge has no per-module images",
  "signed-then-forged": "forges a manifest entry; a cartridge has none (a forged cartridge fails its own checksum or signature)",
  "disk-imports-pixels": "a cartridge's modules live under its own path, so their relative imports never reach files on disk",
  fallback: "a cartridge's modules live under its own path, so their relative imports never reach files on disk",
  "import-meta": "reads a data file beside the module; only modules travel in a cartridge",
  stats: "getPixelStats().manifestPath is the cartridge's path, not a manifest's",
};

export const KNOWN_FAILURES: Record<string, Record<string, string>> = {
  bun: {
    ...bunPixelPackageJson,
    commonjs: bunLosesCommonJs,
    "package-type": `its CommonJS .js module: ${bunLosesCommonJs}`,
    "extensionless-deleted": `${bunExtensionless}, so a module whose file is gone cannot be found; with the file present the pixels still win`,
  },
  node22: { ...nodeStripsTypesOnly, ...nodePixelPackageJson },
  node24: { ...nodeStripsTypesOnly, ...nodePixelPackageJson },
  "node24-nocache": { ...nodeStripsTypesOnly, ...nodePixelPackageJson },
  deno,
  "deno-nocache": deno,
  "node24-async": {
    ...nodeStripsTypesOnly,
    ...nodePixelPackageJson,
    commonjs:
      "module.register hooks run off-thread and see import only: require() goes through the CommonJS loader, which asks them nothing (the reason module.registerHooks exists, nodejs/node#55698)",
  },
  "bun-cartridge": {
    ...cartridgeModel,
    ...bunPixelPackageJson,
    commonjs: bunLosesCommonJs,
    "package-type": `its CommonJS .js module: ${bunLosesCommonJs}`,
    extensionless: `${bunExtensionless}, and a cartridge's module paths exist nowhere on disk`,
    "extensionless-deleted": `${bunExtensionless}, and a cartridge's module paths exist nowhere on disk`,
  },
  "node-cartridge": { ...cartridgeModel, ...nodeStripsTypesOnly, ...nodePixelPackageJson },
  "deno-cartridge": { ...cartridgeModel, ...deno },
};
