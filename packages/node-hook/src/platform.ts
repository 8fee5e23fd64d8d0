/**
 * The codec platform of the Node hook: core's, but for SHA-256, which verifies every source a run
 * serves. Loading node:crypto costs a Node start ~8 ms; a project whose sources are only a few
 * kilobytes in all is hashed in JavaScript instead (core's codec/sha256.ts), which costs it less. A larger one
 * gets node:crypto's one-shot hash from the first module on: cold JavaScript hashes ~1 KB a
 * millisecond, so hashing some of a larger project in JavaScript first would only add to the load.
 */
import { type CodecPlatform, nodePlatform, PixelModules, type PxosOptions, sha256, toHex } from "@pxos/core/runtime";

/** The most source bytes, all modules together, that a project may have to be hashed in JavaScript. */
export const JS_HASH_LIMIT = 4096;

type Crypto = typeof import("node:crypto");

/**
 * `sourceBytes`: the project's sources in all, once its manifest is open (undefined before, as
 * while a cartridge is read: node:crypto then).
 */
export function nodeHookPlatform(sourceBytes: () => number | undefined): CodecPlatform {
  let inJavaScript: boolean | undefined;
  let crypto: Crypto | undefined;
  /** node:crypto, or undefined where the project is hashed in JavaScript. */
  const native = (): Crypto | undefined => {
    if (inJavaScript === undefined) {
      const total = sourceBytes();
      if (total !== undefined) inJavaScript = total <= JS_HASH_LIMIT;
    }
    if (inJavaScript) return undefined;
    crypto ??= process.getBuiltinModule("node:crypto");
    return crypto;
  };
  return {
    ...nodePlatform,
    sha256: (data) => native()?.hash("sha256", data, "buffer") ?? sha256(data),
    sha256Hex: (data) => native()?.hash("sha256", data, "hex") ?? toHex(sha256(data)),
  };
}

/**
 * The project opened on the hook's platform, which learns the project's size from it: both hook
 * modes (index.ts, async-hooks.ts) open it so.
 *
 * @example
 * const { pixels, platform } = openForHooks(resolveOptions());
 */
export function openForHooks(options: PxosOptions): { pixels: PixelModules; platform: CodecPlatform } {
  let opened: PixelModules | undefined;
  const platform = nodeHookPlatform(() => opened?.manifest.totalBytes);
  opened = PixelModules.open(options, platform);
  return { pixels: opened, platform };
}
