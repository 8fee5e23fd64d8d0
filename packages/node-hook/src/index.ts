/**
 * @pxos/node-hook — Node module hooks that serve every `import` and
 * `require()` of a pxos project from its pixels.
 */
import * as nodeModule from "node:module";
import { type OptionsInput, recordPixelStats, resolveOptions } from "@pxos/core/runtime";
import { type AsyncHooksData, DISABLED, LOADED } from "./async-hooks.ts";
import { serveAsyncRequire } from "./async-require.ts";
import { installCommonJsWorkaround } from "./commonjs.ts";
import { guardCompileCache } from "./compile-cache.ts";
import { GATES, hookMode, passes } from "./gates.ts";
import { createHooks } from "./hooks.ts";
import { openForHooks } from "./platform.ts";

export interface RegisterOptions extends OptionsInput {
  /** `sync` (module.registerHooks) or `async` (module.register); default: sync where {@link GATES}.syncHooks passes. */
  mode?: "sync" | "async";
}

/**
 * Install the hooks; returns a function that removes them.
 *
 * @example
 * import { register } from "@pxos/node-hook";
 * const unregister = register({ manifest: "pixel_manifest.json" });
 * await import("./app.ts");
 * unregister();
 */
export function register(opts: RegisterOptions = {}): () => void {
  const { mode: requested, ...given } = opts;
  const options = resolveOptions(given);
  const mode = requested ?? hookMode(process.version, options.nodeHooks);
  // The platform asks for the project's size once it is open: a small one is hashed without node:crypto.
  const { pixels, platform } = openForHooks(options);
  const { manifest } = pixels;
  const { debug } = options;
  if (pixels.trusted) guardCompileCache();
  recordPixelStats({
    installed: true,
    adapter: `node-${mode}`,
    manifestPath: manifest.path,
    countTotals: () => manifest.totals(),
  });
  if (mode === "sync") {
    const realRequire = !passes(GATES.cjsThroughHooks, process.version);
    const handle = nodeModule.registerHooks(createHooks(pixels, { debug, realRequire, platform }) as nodeModule.RegisterHooksOptions);
    const removeWorkaround = realRequire ? installCommonJsWorkaround(pixels) : undefined;
    return () => {
      handle.deregister();
      removeWorkaround?.();
    };
  }
  // Off-thread hooks cannot be removed, only told to step aside. Shared memory, not messages:
  // the hooks thread must see the switch before the very next import, and count loads where the app reads them.
  const shared = new Int32Array(new SharedArrayBuffer(8));
  recordPixelStats({ countLoaded: () => Atomics.load(shared, LOADED) });
  // The hooks thread opens the modules again with the options resolved here, whole: the same manifest or cartridge, trust key, cache and limits.
  const data: AsyncHooksData = { options: pixels.options, shared };
  // Beside this file: async-hooks.ts in the sources, async-hooks.mjs in the bundle (scripts/build.ts).
  const hooksFile = import.meta.url.endsWith(".mjs") ? "./async-hooks.mjs" : "./async-hooks.ts";
  nodeModule.register(new URL(hooksFile, import.meta.url), { data });
  const removeRequire = serveAsyncRequire(pixels);
  return () => {
    Atomics.store(shared, DISABLED, 1);
    removeRequire();
  };
}
