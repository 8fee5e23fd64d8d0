/** `bun --preload @pxos/bun-plugin/preload app.ts` (or `preload = [...]` in bunfig.toml). */
import { plugin } from "bun";
import { pxosPlugin } from "./index.ts";

plugin(pxosPlugin({ workerPreload: import.meta.path }));
