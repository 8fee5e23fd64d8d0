/**
 * `npm run build` (also run by `npm ci` through `prepare`, by `npm pack` through each package's
 * `prepack`, and by `npm test`): every package's JavaScript and declarations into its dist/, the
 * shape it is published in — no runtime ever strips TypeScript under node_modules.
 *
 * The adapters are bundled one file per entry with their dependencies inside: a runtime then
 * loads one module instead of a dozen TypeScript files to strip (BENCHMARKS.md). The other
 * packages keep their dependencies external, and core splits shared code into chunks so every
 * entry sees one copy of each class. The sources stay the truth; dist/ is ignored by git.
 *
 *   bun scripts/build.ts [PACKAGE...]   (default: all, in dependency order)
 */

import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BuildOptions, build, type Plugin } from "esbuild";

const root = join(import.meta.dirname, "..");
/**
 * Node built-ins reach the bundle through `process.getBuiltinModule` instead of an ES import: Node
 * builds an ES facade of a built-in by reading every export, and node:fs's `ReadStream` getter then
 * loads fs streams — measured ~8 ms of every Node 24 start. Each built-in becomes an ES module of
 * its own that exports what the bundle imports, each export read once (unused ones are dropped):
 * a CommonJS shim would be wrapped per importing file, copying every export of node:fs each time
 * (~3 ms of a Node start). The export names are Node's, asked of the Node the tests run on (Bun,
 * which runs this script, lacks some, such as module.registerHooks); an import Node does not export
 * fails the build. The sources keep plain imports.
 */
function builtinsWithoutFacades(): Plugin {
  let exported: Record<string, string[]> | undefined;
  const exportsOf = (name: string): string[] => {
    exported ??= nodeBuiltinExports();
    const names = exported[name];
    if (!names) throw new Error(`no export list for ${name}: add it to nodeBuiltinExports in scripts/build.ts`);
    return names;
  };
  return {
    name: "builtins-without-facades",
    setup(b) {
      b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: "builtin" }));
      b.onLoad({ filter: /.*/, namespace: "builtin" }, (args) => ({
        contents: [
          `const m = process.getBuiltinModule(${JSON.stringify(args.path)});`,
          "const read = (name) => m[name];",
          "export default m;",
          ...exportsOf(args.path).map((name, i) => `const e${i} = /* @__PURE__ */ read(${JSON.stringify(name)}); export { e${i} as ${JSON.stringify(name)} };`),
        ].join("\n"),
        loader: "js",
      }));
    },
  };
}

/** The built-ins the adapters import, and what each exports, on the newest Node the project runs. */
function nodeBuiltinExports(): Record<string, string[]> {
  const node = join(root, "node_modules", "node24", "bin", "node");
  const names = ["node:fs", "node:path", "node:module", "node:url", "node:crypto"];
  const script = `console.log(JSON.stringify(Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, Object.keys(process.getBuiltinModule(n))]))))`;
  const run = spawnSync(node, ["-e", script], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`cannot list Node's built-in exports with ${node} (run npm ci): ${run.stderr || run.error}`);
  return JSON.parse(run.stdout);
}

interface Package {
  /** dist name (without .mjs) → source file under src/. */
  entries: Record<string, string>;
  /** Bundled with every dependency inside (the adapters), else dependencies stay imports. */
  selfContained?: boolean;
  /**
   * Runs on Bun only: Bun's built-ins stay imports (Bun has no slow facades to avoid, and copying a
   * built-in's properties for a CommonJS shim cost more), and the `// @bun` pragma tells Bun the
   * bundle is its own JavaScript already, so its transpiler skips it at every start.
   */
  bunOnly?: boolean;
  /** Source files whose declarations describe the package (default: the entries). */
  declarations?: string[];
  extra?: (dir: string) => Promise<unknown>;
}

const PACKAGES: Record<string, Package> = {
  core: { entries: { index: "index.ts", runtime: "runtime.ts", "codec/index": "codec/index.ts", "codec/browser": "codec/browser.ts" } },
  "node-hook": { entries: { index: "index.ts", register: "register.ts", "async-hooks": "async-hooks.ts" }, selfContained: true },
  // derive: run by `pxos encode` (on Node too), with esbuild, which stays an import.
  "bun-plugin": { entries: { index: "index.ts", preload: "preload.ts", derive: "derive.ts" }, selfContained: true, bunOnly: true },
  // derive: run by `pxos encode`, with esbuild.
  "deno-loader": { entries: { index: "index.ts", derive: "derive.ts" } },
  pxos: {
    entries: { main: "main.ts", index: "index.ts", "bun-preload": "bun-preload.ts" },
    // The viewer's page script, bundled for the browser once here instead of at every `pxos view`.
    extra: (dir) =>
      build({
        entryPoints: [join(dir, "src", "view", "client.ts")],
        outfile: join(dir, "dist", "view-client.js"),
        bundle: true,
        format: "esm",
        platform: "browser",
        target: "es2022",
        logLevel: "warning",
      }),
  },
};

function javascript(name: string, pkg: Package): Promise<unknown> {
  const dir = join(root, "packages", name);
  const options: BuildOptions = {
    entryPoints: Object.fromEntries(Object.entries(pkg.entries).map(([out, src]) => [out, join(dir, "src", src)])),
    outdir: join(dir, "dist"),
    outExtension: { ".js": ".mjs" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "es2022",
    logLevel: "warning",
  };
  if (pkg.bunOnly) return build({ ...options, external: ["bun", "node:*", "esbuild"], banner: { js: "// @bun" } });
  if (pkg.selfContained) return build({ ...options, external: ["bun"], plugins: [builtinsWithoutFacades()], logOverride: { "import-is-undefined": "error" } });
  return build({ ...options, packages: "external", splitting: true });
}

/** Declarations beside the JavaScript, from the package's sources; other packages' types come from their built declarations. */
function declarations(name: string, pkg: Package, scratch: string): void {
  const dir = join(root, "packages", name);
  const config = join(scratch, `tsconfig.${name}.json`);
  const files = pkg.declarations ?? Object.values(pkg.entries);
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(root, "tsconfig.json"),
      compilerOptions: {
        noEmit: false,
        declaration: true,
        emitDeclarationOnly: true,
        rootDir: join(dir, "src"),
        declarationDir: join(dir, "dist", "types"),
        paths: {},
        typeRoots: [join(root, "node_modules", "@types"), join(root, "node_modules")],
        types: ["node", ...(name === "bun-plugin" ? ["bun-types"] : [])],
      },
      files: files.map((f) => join(dir, "src", f)),
      include: [],
    }),
  );
  const tsc = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", config], { stdio: "inherit" });
  if (tsc.status !== 0) throw new Error(`declarations of ${name} failed`);
}

async function buildPackage(name: string, scratch: string): Promise<void> {
  const pkg = PACKAGES[name];
  if (!pkg) throw new Error(`no package ${name} (one of ${Object.keys(PACKAGES).join(", ")})`);
  const dir = join(root, "packages", name);
  rmSync(join(dir, "dist"), { recursive: true, force: true });
  await Promise.all([javascript(name, pkg), pkg.extra?.(dir)]);
  declarations(name, pkg, scratch);
  if (name === "pxos") launcher(dir);
}

/** The published bin: the dev launcher's version check, then the built CLI. */
function launcher(dir: string): void {
  const dev = readFileSync(join(dir, "bin", "pxos.mjs"), "utf8");
  const published = dev.replace(`import("../src/main.ts")`, `import("./main.mjs")`);
  if (published === dev) throw new Error("bin/pxos.mjs no longer imports ../src/main.ts: update scripts/build.ts");
  const out = join(dir, "dist", "pxos.mjs");
  writeFileSync(out, published);
  chmodSync(out, 0o755);
}

const wanted = process.argv.slice(2);
const scratch = mkdtempSync(join(tmpdir(), "pxos-build-"));
try {
  // Dependency order: each package's declarations read those of the packages it imports.
  for (const name of wanted.length ? wanted : ["core", "node-hook", "bun-plugin", "deno-loader", "pxos"]) await buildPackage(name, scratch);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
