/**
 * `npm run build` (also run by `npm ci` through `prepare`, and by `npm test`):
 * bundles each adapter's entries into one JavaScript file apiece. A runtime
 * then loads one module instead of a dozen TypeScript files to strip —
 * measured here, `node --import @pxos/node-hook/register` starts ~120 ms
 * sooner, a Bun preload ~14 ms. The sources stay the truth; dist/ is ignored by git.
 */

import { join } from "node:path";
import { build, type Plugin } from "esbuild";

const root = join(import.meta.dirname, "..");
/**
 * Node built-ins reach the bundle through `process.getBuiltinModule` instead of an ES import: Node
 * builds an ES facade of a built-in by reading every export, and node:fs's `ReadStream` getter then
 * loads fs streams — measured ~8 ms of every Node 24 start. The sources keep plain imports.
 */
const builtinsWithoutFacades: Plugin = {
  name: "builtins-without-facades",
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: "builtin" }));
    b.onLoad({ filter: /.*/, namespace: "builtin" }, (args) => ({
      contents: `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)});`,
      loader: "js",
    }));
  },
};

const bundle = (pkg: string, entries: Record<string, string>, platform: "node" | "neutral", external: string[] = []) =>
  build({
    entryPoints: Object.fromEntries(Object.entries(entries).map(([out, src]) => [out, join(root, "packages", pkg, "src", src)])),
    outdir: join(root, "packages", pkg, "dist"),
    outExtension: { ".js": ".mjs" },
    bundle: true,
    format: "esm",
    platform,
    target: "es2022",
    external,
    plugins: [builtinsWithoutFacades],
    logLevel: "warning",
  });

await Promise.all([
  bundle("node-hook", { index: "index.ts", register: "register.ts", "async-hooks": "async-hooks.ts" }, "node"),
  bundle("bun-plugin", { index: "index.ts", preload: "preload.ts" }, "node", ["bun"]),
]);
