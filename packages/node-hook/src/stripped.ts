/**
 * Node compiles JavaScript faster than it strips TypeScript (BENCHMARKS.md): the hooks serve each
 * module's stripped form — the one `pxos encode` derived and bound to the manifest, when its
 * stripper is this Node's (under a trust key too), else the one core's pack in pxos's cache keeps
 * from earlier runs. That pack not under a trust key: it is not signed, and a project could arrive
 * with one planted.
 */
import type { CodecPlatform, PixelModules, StrippedCache, Stripper } from "@pxos/core/runtime";
import { strippedCache } from "@pxos/core/runtime";

/**
 * `persist`: when to write what this process stripped — at `exit` (in-thread hooks), or once imports
 * have been quiet for a moment (`idle`: module.register's hooks thread is stopped without an exit event).
 * `platform`: the one the modules were opened with (platform.ts), whose SHA-256 names and checks the pack.
 */
export function strippedModules(pixels: PixelModules, stripper: Stripper, persist: "exit" | "idle", platform: CodecPlatform): StrippedCache | undefined {
  const dir = pixels.trusted ? undefined : pixels.options.cacheDir;
  if (!dir) return undefined;
  const cache = strippedCache(dir, stripper, pixels.manifest.path, platform);
  const save = () => cache.save(pixels.manifest.recordedShas());
  if (persist === "exit") {
    process.once("exit", save);
    return cache;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    get(sha, source) {
      clearTimeout(timer);
      timer = setTimeout(save, 250).unref();
      return cache.get(sha, source);
    },
    save: cache.save,
  };
}
