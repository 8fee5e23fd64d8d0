/**
 * Node's side of `.reload` and `.pixels`: one resolve hook in front of pxos's. It notes every module
 * the pixels serve (Node has no public list of loaded ES modules), and gives a specifier marked for
 * a reload a URL of its own — a new fragment — so Node links a fresh instance instead of its cached one.
 * After an `.edit` the pixels behind it are opened again (`@pxos/node-hook`'s public `register`).
 */
import * as nodeModule from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { PIXEL_QUERY, stripPixelQuery } from "@pxos/core/runtime";
import type { SessionSource } from "./actions.ts";
import type { Fresh } from "./session.ts";

const RELOAD = /#pxos-reload-\d+$/;
const NODE_HOOK = "@pxos/node-hook";

export async function nodeFresh(source: SessionSource): Promise<Fresh> {
  // Imported here, not at the top: the CLI's bundle carries this file, and every other command would load the hooks too.
  // Named through a variable: the JSR package (@pxos/cli, for Deno) has no Node adapter to type-check against.
  const { register } = (await import(NODE_HOOK)) as { register(opts: { manifest?: string; cartridge?: string; mode: "sync" }): () => void };
  const loaded = new Set<string>();
  const front = (): nodeModule.ModuleHooks =>
    nodeModule.registerHooks({
      resolve(specifier, context, nextResolve) {
        const mark = RELOAD.exec(specifier)?.[0];
        const resolved = nextResolve(mark ? specifier.slice(0, -mark.length) : specifier, context);
        if (!resolved.url.endsWith(PIXEL_QUERY)) return resolved;
        loaded.add(fileURLToPath(stripPixelQuery(resolved.url)));
        // pxos's load hook still sees `?pxos` at the end and the file's path before the fragment.
        return mark ? { ...resolved, url: stripPixelQuery(resolved.url) + mark + PIXEL_QUERY } : resolved;
      },
    });
  let hooks = front();
  let unregister: (() => void) | undefined;
  let reloads = 0;
  return {
    loaded: (path) => loaded.has(path),
    refresh() {
      // Hooks registered later run first: the fresh pixels go in front of the stale ones, this hook in front of both.
      hooks.deregister();
      unregister?.();
      unregister = register({ manifest: source.manifest, cartridge: source.cartridge, mode: "sync" });
      hooks = front();
    },
    load: (path) => import(`${pathToFileURL(path).href}#pxos-reload-${++reloads}`),
  };
}
