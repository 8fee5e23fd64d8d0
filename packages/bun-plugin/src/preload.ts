/** `bun --preload @pxos/bun-plugin/preload app.ts` (or `preload = [...]` in bunfig.toml). */

import { reportUncaughtPxosErrors } from "@pxos/core/runtime";
import { plugin } from "bun";
import { pxosPlugin } from "./index.ts";

reportUncaughtPxosErrors();
plugin(pxosPlugin({ workerPreload: import.meta.path }));
