/**
 * Preloaded by `bun test` (bunfig.toml): every runtime the suite starts keeps pxos's cache in
 * tests/.work, never in the user's cache directory. Tests that look inside a cache set their own.
 */
import { join } from "node:path";
import { REPO } from "./runtimes.ts";

process.env.PXOS_CACHE_DIR ??= join(REPO, "tests", ".work", "pxos-cache");
