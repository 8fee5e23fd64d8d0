/** The `module.register` side: the same hooks, run in Node's hooks thread. */
import type { PxosOptions } from "@pxos/core/runtime";
import { createHooks } from "./hooks.ts";
import { openForHooks } from "./platform.ts";

/** Slots of the Int32Array shared with the app's thread. */
export const LOADED = 0;
export const DISABLED = 1;

let hooks: ReturnType<typeof createHooks> | undefined;

/** What register() hands the hooks thread: its resolved options, plain data that crosses threads whole. */
export interface AsyncHooksData {
  options: PxosOptions;
  shared: Int32Array;
}

export function initialize(data: AsyncHooksData): void {
  const { options, shared } = data;
  const { pixels, platform } = openForHooks(options);
  hooks = createHooks(pixels, {
    platform,
    debug: options.debug,
    isEnabled: () => Atomics.load(shared, DISABLED) === 0,
    onLoaded: () => void Atomics.add(shared, LOADED, 1),
    persist: "idle",
    // Through these hooks an imported CommonJS module gets the ESM loader's require() (nodejs/node#55808) past GATES.cjsThroughHooks too.
    realRequire: true,
  });
}

type Hooks = ReturnType<typeof createHooks>;
export const resolve: Hooks["resolve"] = (specifier, context, next) => (hooks as Hooks).resolve(specifier, context, next);
export const load: Hooks["load"] = (url, context, next) => (hooks as Hooks).load(url, context, next);
