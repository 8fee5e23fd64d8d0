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

const deno = {
  "workspace-package":
    'plain Deno fails the same way: at start it reads each npm workspace member\'s package.json from disk and refuses a member folder without one ("Could not find package.json for workspace member", libs/config/workspace/discovery.rs), before any import map applies; workspace-package-changed runs the member from pixels',
  "package-type":
    'plain Deno fails the same way: it reads a .js in a package.json without "type" as an ES module (syntax detection only with --unstable-detect-cjs), so the CommonJS .js has no default export',
};

const cartridgeWorkspace =
  "a workspace's node_modules entry is a link on disk to the package's folder; a cartridge's modules live under its own path, which no link on disk reaches";
const cartridgeWorkspaceDisk = `${cartridgeWorkspace}, so the disk copy runs (pxos does not yet read the pixels' "workspaces" for a cartridge)`;

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
  "workspace-package": cartridgeWorkspace,
};

export const KNOWN_FAILURES: Record<string, Record<string, string>> = {
  node22: nodeStripsTypesOnly,
  node24: nodeStripsTypesOnly,
  "node24-nocache": nodeStripsTypesOnly,
  deno,
  "deno-nocache": deno,
  "node24-async": nodeStripsTypesOnly,
  "bun-cartridge": {
    ...cartridgeModel,
    "workspace-package-changed": cartridgeWorkspaceDisk,
    "workspace-package-require": cartridgeWorkspaceDisk,
    "commonjs-folder":
      "pxos run starts a Bun cartridge's entry with --eval (Bun will not start a file that is not on disk), so require.main is the eval, not the entry module",
  },
  "node-cartridge": {
    ...cartridgeModel,
    ...nodeStripsTypesOnly,
    "workspace-package-changed": cartridgeWorkspaceDisk,
    "workspace-package-require": cartridgeWorkspaceDisk,
  },
  // Deno's cartridge maps an imported bare name into its mirror; require() still follows the link.
  "deno-cartridge": { ...cartridgeModel, ...deno, "workspace-package-require": cartridgeWorkspaceDisk },
};
