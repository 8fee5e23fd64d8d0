/**
 * What rewritten pixel modules call, through the virtual module `pxos:bun`:
 * CommonJS module objects and a require() that asks pxos first, and run-time
 * resolution for what a lexer cannot see (computed import(), import.meta.resolve).
 */
import Module from "node:module";
import { dirname } from "node:path";
import { PIXEL_QUERY } from "@pxos/core/runtime";
import type { ResolvePixel } from "./rewrite.ts";

/** Bun's own: node:url costs the preload a module load. */
const { fileURLToPath, pathToFileURL } = Bun;

/** Bun's Module, with what its type declarations leave out. */
interface CommonJsModule {
  id: string;
  filename: string;
  exports: unknown;
  loaded: boolean;
  children: CommonJsModule[];
  paths: string[];
  require: NodeJS.Require;
}
type ModuleClass = new (id: string, parent?: CommonJsModule) => CommonJsModule;
const { _nodeModulePaths: nodeModulePaths } = Module as unknown as { _nodeModulePaths(dir: string): string[] };
/** Bun's own, taken before routeCreateRequire replaces it. */
const { createRequire } = Module;

type Body = (exports: unknown, require: NodeJS.Require, module: CommonJsModule, filename: string, dirname: string) => void;

/** require() functions that ask pxos first, then Bun; `requiring` tracks who requires, which Bun loses on its way through the plugin. */
let mainModule: CommonJsModule | undefined;

/**
 * require.cache as a file's require() sees it in plain Bun. Bun keys what the plugin loaded by the id it
 * has there, `<path>?pxos` (a CommonJS module's shell beside the module itself, a JSON module alone),
 * and lists pxos's own modules (the preload, `pxos:bun`): here each pixel module is under its path,
 * once, pxos's are not, and deleting a key deletes both, so the next require() runs the module again.
 */
function cacheView(cache: NodeJS.Require["cache"], hidden: ReadonlySet<string>): NodeJS.Require["cache"] {
  const plain = (key: string) => (key.endsWith(PIXEL_QUERY) ? key.slice(0, -PIXEL_QUERY.length) : key);
  return new Proxy(cache, {
    get: (target, key) => (typeof key === "string" ? (target[key] ?? target[key + PIXEL_QUERY]) : Reflect.get(target, key)),
    has: (target, key) => (typeof key === "string" ? key in target || key + PIXEL_QUERY in target : Reflect.has(target, key)),
    deleteProperty: (target, key) => {
      if (typeof key === "string") delete target[key + PIXEL_QUERY];
      return Reflect.deleteProperty(target, key);
    },
    ownKeys: (target) => [
      ...new Set(Reflect.ownKeys(target).flatMap((key): (string | symbol)[] => (typeof key !== "string" ? [key] : hidden.has(key) ? [] : [plain(key)]))),
    ],
    getOwnPropertyDescriptor: (target, key) => {
      if (typeof key !== "string") return Reflect.getOwnPropertyDescriptor(target, key);
      if (hidden.has(key)) return undefined;
      const value = target[key] ?? target[key + PIXEL_QUERY];
      return value === undefined ? undefined : { value, writable: true, enumerable: true, configurable: true };
    },
  });
}

/** As Node's require() does: a module required is among its requirer's children once, however often and whoever required it first. */
function adopt(parent: CommonJsModule, child: unknown): void {
  if (child && !parent.children.includes(child as CommonJsModule)) parent.children.push(child as CommonJsModule);
}

function requireFactory(resolvePixel: ResolvePixel, own: ReadonlySet<string>) {
  const requiring: CommonJsModule[] = [];
  /** One view for every require() made here: Bun has one cache. */
  let cache: NodeJS.Require["cache"] | undefined;
  const makeRequire = (filename: string, module?: CommonJsModule): NodeJS.Require => {
    const bunRequire = createRequire(filename);
    const require = ((id: string) => {
      const pixel = typeof id === "string" ? resolvePixel(id, filename, "require") : undefined;
      if (pixel === undefined) {
        const exports = bunRequire(id);
        // Bun's require() from another file's require function lists nothing among this module's children.
        if (module) adopt(module, bunRequire.cache[bunRequire.resolve(id)]);
        return exports;
      }
      // As in Node: a module already loading (a cycle) or loaded gives its exports as they stand.
      const cached = bunRequire.cache[pixel];
      if (cached) {
        if (module) adopt(module, cached);
        return cached.exports;
      }
      if (module) requiring.push(module);
      try {
        return bunRequire(pixel);
      } finally {
        if (module) requiring.pop();
      }
    }) as NodeJS.Require;
    require.resolve = ((id: string, opts?: { paths?: string[] }) =>
      (typeof id === "string" ? resolvePixel(id, filename, "require") : undefined) ?? bunRequire.resolve(id, opts)) as NodeJS.RequireResolve;
    require.resolve.paths = bunRequire.resolve.paths;
    cache ??= cacheView(bunRequire.cache, own);
    require.cache = cache;
    // The entry, when it is CommonJS from pixels, is its shell's module, as `require.main === module` expects.
    Object.defineProperty(require, "main", { get: () => mainModule ?? bunRequire.main, enumerable: true });
    require.extensions = bunRequire.extensions;
    return require;
  };
  return { requiring, makeRequire };
}

/**
 * node:module's createRequire, asking pxos first. Bun builds a built-in's ES module view when it is
 * first imported, so this runs in the preload, before any app code.
 */
export function routeCreateRequire(resolvePixel: ResolvePixel, own: ReadonlySet<string>): void {
  const { makeRequire } = requireFactory(resolvePixel, own);
  const builtin = Module as unknown as { createRequire(from: string | URL): NodeJS.Require };
  builtin.createRequire = (from) => {
    const path = String(from).startsWith("file:") ? fileURLToPath(from) : String(from);
    // A folder ("/app/src/") stands for a file inside it.
    return makeRequire(path.endsWith("/") ? `${path}index.js` : path);
  };
}

/** `own`: pxos's modules (`pxos:bun`, the preload), which require.cache does not list to the app. */
export function createHelpers(resolvePixel: ResolvePixel, own: ReadonlySet<string>) {
  const { requiring, makeRequire } = requireFactory(resolvePixel, own);

  return {
    commonJs(path: string, body: Body): CommonJsModule {
      const parent = requiring.at(-1);
      const module = new (Module as unknown as ModuleClass)(path, parent);
      module.filename = path;
      module.paths = nodeModulePaths(dirname(path));
      module.require = makeRequire(path, module);
      parent?.children.push(module);
      if (path === Bun.main) mainModule = module;
      const cache = module.require.cache;
      cache[path] = module as unknown as NodeJS.Module;
      try {
        body.call(module.exports, module.exports, module.require, module, path, dirname(path));
      } catch (err) {
        delete cache[path];
        throw err;
      }
      module.loaded = true;
      return module;
    },

    /** A computed import()'s specifier: a pixel module's path, else as written (the module's own import() resolves it). */
    specifier(specifier: unknown, importer: string): unknown {
      return (typeof specifier === "string" && resolvePixel(specifier, importer)) || specifier;
    },

    metaResolve(meta: ImportMeta, importer: string): (specifier: string) => string {
      return (specifier) => {
        const pixel = resolvePixel(specifier, importer);
        return pixel ? pathToFileURL(pixel).href : meta.resolve(specifier);
      };
    },
  };
}
