/**
 * Node before {@link GATES}.cjsThroughHooks runs CommonJS that a load hook returns for an `import`
 * with a require() of its own making (nodejs/node#55808): it has no require.cache, records no
 * module.children, and resolves with Module._resolveFilename, which never asks the hooks, so a
 * module whose file is gone is not found. require.resolve() asks no hooks there either.
 *
 * So, on those Nodes: Module._resolveFilename knows the pixel modules, as tsx patches it to know
 * TypeScript files; and each CommonJS module served swaps that require for the one Node's CommonJS
 * loader would have given it, before its first statement and on its first line, so every line
 * keeps its number. The swap is a no-op where the module already has the real one (require.cache set).
 */
import * as nodeModule from "node:module";
import { join } from "node:path";
import type { PixelModules } from "@pxos/core/runtime";

/** The static on Module that the swap calls: `module` and `require` are the CommonJS wrapper's own parameters, which no declaration above them can shadow. */
const MAKE_REQUIRE = "pxos:require";
const SWAP = `if (!require.cache) require = module.constructor[${JSON.stringify(MAKE_REQUIRE)}](module);`;
/** A hashbang, then comments, blank space and directives ("use strict" must stay first to count). */
const PROLOGUE = /^(?:#!.*)?(?:\s|\/\/.*|\/\*[\s\S]*?\*\/|(["'])use strict\1;?)*/;

interface CjsModule {
  filename: string | null;
  require(id: string): unknown;
}
type ModuleInternals = typeof nodeModule.Module & {
  _resolveFilename(request: string, parent: CjsModule | undefined, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: CjsModule): string[] | null;
  _cache: NodeJS.Require["cache"];
  _extensions: NodeJS.Require["extensions"];
  [MAKE_REQUIRE]?: (mod: CjsModule) => NodeJS.Require;
};

/** `source` (CommonJS) with the swap to the real require() placed before its first statement. */
export function withRealRequire(source: string): string {
  const at = PROLOGUE.exec(source)?.[0].length ?? 0;
  return source.slice(0, at) + SWAP + source.slice(at);
}

/** Node's conditions for require(), and the user's `--conditions` / `-C`. */
function requireConditions(): string[] {
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS?.split(/\s+/) ?? [])];
  const user = args.flatMap((arg, i) => {
    const inline = /^(?:--conditions|-C)=(.+)$/.exec(arg)?.[1];
    if (inline) return [inline];
    return (arg === "--conditions" || arg === "-C") && args[i + 1] ? [args[i + 1] as string] : [];
  });
  return ["require", "node", "node-addons", "module-sync", ...user];
}

/** Installs both; returns the function that removes them. */
export function installCommonJsWorkaround(pixels: PixelModules): () => void {
  const Module = nodeModule.Module as ModuleInternals;
  const original = Module._resolveFilename;
  const conditions = requireConditions();
  const resolveFilename: ModuleInternals["_resolveFilename"] = function (this: unknown, request, parent, isMain, options) {
    // require.resolve(x, { paths }) names its own folders: Node's rules alone.
    const path = (options as { paths?: unknown } | undefined)?.paths
      ? undefined
      : pixels.resolve(request, parent?.filename ?? join(process.cwd(), "[eval]"), conditions);
    return path ?? original.call(this, request, parent, isMain, options);
  };
  Module._resolveFilename = resolveFilename;
  // Node's own makeRequireFunction, which is not exported.
  Module[MAKE_REQUIRE] = (mod) => {
    const require = ((id: string) => mod.require(id)) as NodeJS.Require;
    const resolve = ((request: string, options?: unknown) => Module._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
    resolve.paths = (request: string) => Module._resolveLookupPaths(request, mod);
    return Object.assign(require, { resolve, main: process.mainModule, extensions: Module._extensions, cache: Module._cache });
  };
  return () => {
    if (Module._resolveFilename === resolveFilename) Module._resolveFilename = original;
  };
}
