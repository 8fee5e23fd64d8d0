/**
 * Node compiles JavaScript faster than it strips TypeScript (BENCHMARKS.md): the hooks serve each
 * module's stripped form — the one `pxos encode` derived and bound to the manifest, when its
 * stripper is this Node's (under a trust key too), else the one core's pack in pxos's cache keeps
 * from earlier runs. That pack not under a trust key: it is not signed, and a project could arrive
 * with one planted.
 */
import { builtinStripper, type PixelModules, type StrippedCache, strippedCache, strippedFormName } from "@pxos/core/runtime";

/** The name of the stripped form this Node serves (`pixels.read(path, { form })`); none where Node cannot strip. */
export function strippedFormOfThisNode(): string | undefined {
  const stripper = builtinStripper();
  return stripper && strippedFormName(stripper);
}

/**
 * `persist`: when to write what this process stripped — at `exit` (in-thread hooks), or once imports
 * have been quiet for a moment (`idle`: module.register's hooks thread is stopped without an exit event).
 */
export function strippedModules(pixels: PixelModules, persist: "exit" | "idle"): StrippedCache | undefined {
  const dir = pixels.trusted ? undefined : pixels.options.cacheDir;
  const stripper = builtinStripper();
  if (!dir || !stripper) return undefined;
  const cache = strippedCache(dir, stripper, pixels.manifest.path);
  // The retention list only: entries are looked up by SHA-256, never trusted for anything else. Read
  // only if iterated, which a run that stripped nothing new never does.
  const shas = function* () {
    for (const e of Object.values(pixels.manifest.data.modules)) if (typeof e?.sha256 === "string") yield e.sha256;
  };
  const save = () => cache.save(shas());
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
