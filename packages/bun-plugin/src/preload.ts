/** `bun --preload @pxos/bun-plugin/preload app.ts` (or `preload = [...]` in bunfig.toml). */

import { preverifyManifestSignature, reportUncaughtPxosErrors, resolveOptions } from "@pxos/core/runtime";
import { pxosPlugin } from "./index.ts";

reportUncaughtPxosErrors();
// Under a trust key, the signature checked with Web Crypto first: node:crypto is a slow load on Bun.
const { trust, manifest, cartridge } = resolveOptions();
if (trust && !cartridge) await preverifyManifestSignature(manifest, trust);
// Bun.plugin, not an import of "bun": that would list "bun" in the app's require.cache.
Bun.plugin(pxosPlugin({ workerPreload: import.meta.path }));
