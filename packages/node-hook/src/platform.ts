/**
 * The codec platform of the Node hook: core's, but for SHA-256, which verifies every source a run
 * serves. Loading node:crypto costs a Node start ~8 ms; the first few kilobytes are hashed in
 * JavaScript instead (sha256.ts), so an app of a module or two never loads it, and past that
 * budget, where cold JavaScript would cost more than the load, node:crypto's one-shot hash takes over.
 */
import { type CodecPlatform, nodePlatform } from "@pxos/core/runtime";
import { sha256 } from "./sha256.ts";

/** Bytes hashed in JavaScript before node:crypto takes over: cold, it hashes ~1 KB a millisecond. */
export const JS_HASH_BUDGET = 4096;

type Crypto = typeof import("node:crypto");

export function nodeHookPlatform(): CodecPlatform {
  let budget = JS_HASH_BUDGET;
  let crypto: Crypto | undefined;
  return {
    ...nodePlatform,
    sha256(data) {
      if (data.length <= budget) {
        budget -= data.length;
        return sha256(data);
      }
      budget = 0;
      crypto ??= process.getBuiltinModule("node:crypto");
      return crypto.hash("sha256", data, "buffer");
    },
  };
}
