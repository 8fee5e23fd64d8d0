/**
 * What an adapter reports about the pixels it serves, readable from inside
 * the running app. Kept on `globalThis` under a registered symbol so the app
 * and the adapter agree even when they load this module through different paths.
 */
import { STATS_KEY } from "../base/names.ts";
export interface PixelStats {
  installed: boolean;
  /** Which adapter serves the pixels ("bun", "node", "deno"). */
  adapter: string | undefined;
  totalModules: number;
  totalBytes: number;
  manifestPath: string | undefined;
  /** Modules served from pixels so far in this process. */
  loadedModules: number;
}

const KEY = Symbol.for(STATS_KEY);

interface State extends PixelStats {
  /** Set by adapters whose loads are counted elsewhere (another thread). */
  countLoaded?: () => number;
  /** Set by adapters so the totals are summed when first asked for, not at every start. */
  countTotals?: () => { totalModules: number; totalBytes: number };
}

function state(): State {
  const g = globalThis as { [KEY]?: State };
  g[KEY] ??= { installed: false, adapter: undefined, totalModules: 0, totalBytes: 0, manifestPath: undefined, loadedModules: 0 };
  return g[KEY];
}

/**
 * Stats of the pixel loader running this process.
 *
 * @example
 * import { getPixelStats } from "@pxos/core";
 * console.log(getPixelStats().totalModules);
 */
export function getPixelStats(): PixelStats {
  const s = state();
  if (s.countTotals) {
    Object.assign(s, s.countTotals());
    s.countTotals = undefined;
  }
  const { countLoaded, countTotals: _, ...stats } = s;
  return countLoaded ? { ...stats, loadedModules: countLoaded() } : stats;
}

/**
 * Adapters call this when they install, and with `loaded: true` per module
 * served — or once with `countLoaded` when another thread does the counting.
 */
export function recordPixelStats(update: Partial<State> & { loaded?: true }): void {
  const s = state();
  const { loaded, ...rest } = update;
  Object.assign(s, rest);
  if (loaded) s.loadedModules++;
}
