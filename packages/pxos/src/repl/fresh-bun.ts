/**
 * Bun's side of `.reload` and `.pixels`. Bun asks its plugins in the order they were registered, so
 * the preloaded pxos plugin — holding the pixels as they were at start — answers every path specifier
 * first. A reload is therefore asked for under a specifier of its own (`pxos-reload:N:PATH`), which this
 * session's plugin resolves to an id of its own (a fresh instance) and loads with a pxos plugin opened
 * on the pixels as they are now: the same verified read and the same rewrite as the adapter's.
 */
import { createRequire } from "node:module";
import { PIXEL_QUERY, pixelId } from "@pxos/core/runtime";
import type { SessionSource } from "./actions.ts";
import type { Fresh } from "./session.ts";

// The few Bun plugin types used here, spelled out: the CLI's declarations are built without Bun's.
type Loaded = { contents: string; loader: string };
type OnLoad = (args: { path: string }) => Loaded;
interface Builder {
  onResolve(options: { filter: RegExp; namespace?: string }, callback: (args: { path: string }) => { path: string }): void;
  onLoad(options: { filter: RegExp }, callback: OnLoad): void;
}
interface Plugin {
  name: string;
  setup(build: Builder): void;
}

const NAMESPACE = "pxos-reload";
const BUN_PLUGIN = "@pxos/bun-plugin";
const ID = /\?pxos-reload-\d+$/;

export async function bunFresh(source: SessionSource): Promise<Fresh> {
  // Imported here, not at the top: the CLI's bundle carries this file, and only Bun can load the plugin.
  // Named through a variable: the JSR package (@pxos/cli, for Deno) has no Bun plugin to type-check against.
  const { pxosPlugin } = (await import(BUN_PLUGIN)) as { pxosPlugin(opts: object): Plugin };
  // Bun lists what it has loaded, ES modules too, in require.cache: pixel modules under their `?pxos` id.
  const cache = createRequire(import.meta.url).cache;
  let reloads = 0;
  const reloaded = new Set<string>();
  const load = (path: string) => freshLoader(pxosPlugin({ manifest: source.manifest, cartridge: source.cartridge }))({ path: pixelId(path) });
  (globalThis as unknown as { Bun: { plugin(plugin: Plugin): void } }).Bun.plugin({
    name: "pxos-repl-reload",
    setup(build) {
      // `pxos-reload:N:PATH` reaches the plugins of namespace pxos-reload as `N:PATH`.
      build.onResolve({ filter: /.*/, namespace: NAMESPACE }, (args) => {
        const colon = args.path.indexOf(":");
        return { path: `${args.path.slice(colon + 1)}?pxos-reload-${args.path.slice(0, colon)}` };
      });
      build.onLoad({ filter: ID }, (args) => load(args.path.replace(ID, "")));
    },
  });
  return {
    loaded: (path) => pixelId(path) in cache || reloaded.has(path),
    refresh() {},
    async load(path) {
      const instance = await import(`${NAMESPACE}:${++reloads}:${path}`);
      reloaded.add(path);
      return instance;
    },
  };
}

/** The `?pxos` onLoad of a pxos plugin, without registering the plugin. */
function freshLoader(plugin: Plugin): OnLoad {
  let onLoad: OnLoad | undefined;
  plugin.setup({
    config: undefined,
    module() {},
    onResolve() {},
    onLoad(options, callback) {
      if (options.filter.source === `\\${PIXEL_QUERY}$`) onLoad = callback;
    },
  } as Builder);
  if (!onLoad) throw new Error("@pxos/bun-plugin no longer loads `?pxos` ids: pxos repl's .reload needs updating");
  return onLoad;
}
