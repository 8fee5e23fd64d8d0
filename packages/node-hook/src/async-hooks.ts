/** The `module.register` side: the same hooks, run in Node's hooks thread. */
import { PixelModules } from "@pxos/core/runtime";
import { createHooks } from "./hooks.ts";

/** Slots of the Int32Array shared with the app's thread. */
export const LOADED = 0;
export const DISABLED = 1;

let hooks: ReturnType<typeof createHooks> | undefined;

export function initialize(data: { manifest?: string; cartridge?: string; debug: boolean; shared: Int32Array }): void {
  hooks = createHooks(PixelModules.open({ manifest: data.manifest, cartridge: data.cartridge }), {
    debug: data.debug,
    isEnabled: () => Atomics.load(data.shared, DISABLED) === 0,
    onLoaded: () => void Atomics.add(data.shared, LOADED, 1),
    persist: "idle",
  });
}

type Hooks = ReturnType<typeof createHooks>;
export const resolve: Hooks["resolve"] = (specifier, context, next) => (hooks as Hooks).resolve(specifier, context, next);
export const load: Hooks["load"] = (url, context, next) => (hooks as Hooks).load(url, context, next);
