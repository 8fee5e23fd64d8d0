/**
 * Node's resolve and load hooks over core's PixelModules. The same two
 * functions serve `module.registerHooks` (sync, in-thread) and
 * `module.register` (async, off-thread): they only return what `next*` returns.
 */
import { isBuiltin } from "node:module";
import { join } from "node:path";
import { builtinStripper, type CodecPlatform, PIXEL_QUERY, type PixelModules, recordPixelStats, stripPixelQuery, strippedFormName } from "@pxos/core/runtime";
import { withRealRequire } from "./commonjs.ts";
import { pathToUrl, urlToPath } from "./file-url.ts";
import { createFormatResolver } from "./format.ts";
import { strippedModules } from "./stripped.ts";

interface ResolveContext {
  parentURL?: string | undefined;
  /** Node's conditions for this resolution: `import` or `require`, `module-sync`, and the user's `--conditions`. */
  conditions?: readonly string[];
}

/** Node's conditions for an import, for a context that does not carry them. */
const IMPORT_CONDITIONS = ["node", "import", "module-sync", "node-addons"];

type Next<A, R> = (a: A, context?: unknown) => R;

export interface HookOptions {
  debug?: boolean;
  isEnabled?: () => boolean;
  /** Called per module served; default records it in this thread's stats. */
  onLoaded?: () => void;
  /** When to save newly stripped JavaScript to the cache (see stripped.ts); default at exit. */
  persist?: "exit" | "idle";
  /** Give each CommonJS module the real require() (commonjs.ts): for Node below GATES.cjsThroughHooks. */
  realRequire?: boolean;
  /** The platform `pixels` were opened with: its SHA-256 serves the stripped-JavaScript pack too. */
  platform: CodecPlatform;
}

const TS_SUFFIX = "-typescript";
/** One decoder for every module served: making one per module cost a hundred-module start ~0.4 ms. */
const fromUtf8 = new TextDecoder();

export function createHooks(pixels: PixelModules, opts: HookOptions) {
  const formatOf = createFormatResolver(pixels);
  const log = opts.debug ? (line: string) => process.stderr.write(`[pxos] ${line}\n`) : undefined;
  const enabled = opts.isEnabled ?? (() => true);
  const onLoaded = opts.onLoaded ?? (() => recordPixelStats({ loaded: true }));
  // This Node's stripper: its pack of what it stripped, and the name of the stripped form `pxos encode` derived with it.
  const stripper = builtinStripper();
  const stripped = stripper && strippedModules(pixels, stripper, opts.persist ?? "exit", opts.platform);
  const form = stripper && strippedFormName(stripper);
  /**
   * A pixel module's URL: marked `?pxos` for the load hook, but for JSON, which Node shares with require() only under a
   * URL without a query (the same object for `import` and `require()`, as for a file): the load hook knows it by its path.
   */
  const pixelUrl = (path: string) => pathToUrl(path) + (path.endsWith(".json") ? "" : PIXEL_QUERY);
  const isPixelJson = (url: string) => url.endsWith(".json") && pixels.has(urlToPath(url));
  return {
    resolve<R>(specifier: string, context: ResolveContext, nextResolve: Next<string, R>): R | { url: string; shortCircuit: true } {
      if (!enabled()) return nextResolve(specifier, context);
      const parent = context.parentURL;
      if ((parent === undefined || parent.startsWith("file:")) && !isBuiltin(specifier)) {
        // No parent: the entry, resolved from the working directory (as if from a file in it).
        const importer = parent ? urlToPath(stripPixelQuery(parent)) : join(process.cwd(), "[eval]");
        const path = pixels.resolve(specifier, importer, context.conditions ?? IMPORT_CONDITIONS);
        if (path) return { url: pixelUrl(path), shortCircuit: true };
      }
      // Node found it some other way (a symlink, a resolver path pxos does not model): a file the manifest names still comes from pixels.
      const served = (resolved: R): R => {
        const url = (resolved as { url?: unknown }).url;
        if (typeof url !== "string" || !url.startsWith("file:") || url.endsWith(PIXEL_QUERY) || !pixels.has(urlToPath(url))) {
          log?.(`disk   ${specifier}`);
          return resolved;
        }
        return { ...resolved, url: pixelUrl(urlToPath(url)) };
      };
      const resolved = nextResolve(specifier, context);
      return resolved instanceof Promise ? (resolved.then(served) as R) : served(resolved);
    },
    load<R>(url: string, context: unknown, nextLoad: Next<string, R>): R | { format: string; source: string; shortCircuit: true } {
      if (!url.startsWith("file:") || !(url.endsWith(PIXEL_QUERY) || isPixelJson(url))) return nextLoad(url, context);
      // The stripped form `pxos encode` derived, where there is one: its types are gone, its syntax is the source's.
      // Decoded at once: its bytes may be memory the next read reuses.
      const mod = pixels.read(urlToPath(stripPixelQuery(url)), { form, transient: true });
      const source = fromUtf8.decode(mod.bytes);
      const format = formatOf(mod.path, mod.loader, source);
      onLoaded();
      log?.(`pixels ${mod.key} ← ${mod.image}${mod.form ? " (stripped at encode)" : ""}`);
      const js = !format.endsWith(TS_SUFFIX) ? undefined : mod.form ? source : stripped?.get(mod.sha256, () => source);
      const served = js === undefined ? { format, source } : { format: format.slice(0, -TS_SUFFIX.length), source: js };
      if (opts.realRequire && served.format.startsWith("commonjs")) served.source = withRealRequire(served.source);
      return { ...served, shortCircuit: true };
    },
  };
}
