/**
 * Node's resolve and load hooks over core's PixelModules. The same two
 * functions serve `module.registerHooks` (sync, in-thread) and
 * `module.register` (async, off-thread): they only return what `next*` returns.
 */
import { fileURLToPath, pathToFileURL } from "node:url";
import { isPathSpecifier, PIXEL_QUERY, type PixelModules, recordPixelStats, stripPixelQuery } from "@pxos/core/runtime";
import { createFormatResolver } from "./format.ts";
import { strippedModules } from "./stripped.ts";

interface ResolveContext {
  parentURL?: string | undefined;
}

type Next<A, R> = (a: A, context?: unknown) => R;

export interface HookOptions {
  debug?: boolean;
  isEnabled?: () => boolean;
  /** Called per module served; default records it in this thread's stats. */
  onLoaded?: () => void;
  /** When to save newly stripped JavaScript to the cache (see stripped.ts); default at exit. */
  persist?: "exit" | "idle";
}

const TS_SUFFIX = "-typescript";

export function createHooks(pixels: PixelModules, opts: HookOptions = {}) {
  const formatOf = createFormatResolver(pixels);
  const log = opts.debug ? (line: string) => process.stderr.write(`[pxos] ${line}\n`) : undefined;
  const enabled = opts.isEnabled ?? (() => true);
  const onLoaded = opts.onLoaded ?? (() => recordPixelStats({ loaded: true }));
  const stripped = strippedModules(pixels, opts.persist ?? "exit");
  return {
    resolve<R>(specifier: string, context: ResolveContext, nextResolve: Next<string, R>): R | { url: string; shortCircuit: true } {
      const parent = context.parentURL;
      if (enabled() && isPathSpecifier(specifier) && (parent === undefined || parent.startsWith("file:"))) {
        const importer = parent ? fileURLToPath(stripPixelQuery(parent)) : `${process.cwd()}/`;
        const path = pixels.resolve(specifier, importer);
        if (path) return { url: pathToFileURL(path).href + PIXEL_QUERY, shortCircuit: true };
        log?.(`disk   ${specifier}`);
      }
      return nextResolve(specifier, context);
    },
    load<R>(url: string, context: unknown, nextLoad: Next<string, R>): R | { format: string; source: string; shortCircuit: true } {
      if (!url.startsWith("file:") || !url.endsWith(PIXEL_QUERY)) return nextLoad(url, context);
      const mod = pixels.read(fileURLToPath(stripPixelQuery(url)));
      const source = new TextDecoder().decode(mod.bytes);
      const format = formatOf(mod.path, mod.loader, source);
      onLoaded();
      log?.(`pixels ${mod.key} ← ${mod.image}`);
      const js = format.endsWith(TS_SUFFIX) ? stripped?.get(mod.sha256, () => source) : undefined;
      if (js !== undefined) return { format: format.slice(0, -TS_SUFFIX.length), source: js, shortCircuit: true };
      return { format, source, shortCircuit: true };
    },
  };
}
