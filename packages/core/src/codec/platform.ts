/**
 * What the codec needs from the runtime, passed in rather than imported so
 * the codec itself touches no `node:` module and also runs in a browser.
 * `packages/core/src/io/platform-node.ts` implements it with `node:zlib` and
 * `node:crypto`, which Bun, Deno and Node all provide natively.
 */
import { toHex } from "./bytes.ts";

export interface CodecPlatform {
  /**
   * Inflate a zlib stream that should yield `expected` bytes. May return a
   * different length (the caller checks), but must throw rather than produce
   * more than `expected + 1` bytes, so a zlib bomb stops early.
   */
  inflate(data: Uint8Array, expected: number): Uint8Array;
  /** SHA-256 digest (32 bytes). */
  sha256(data: Uint8Array): Uint8Array;
  /**
   * The same digest as lowercase hex, where the runtime makes that natively: the packs compare
   * every entry's digest as hex, and converting 32 bytes in JavaScript costs more than hashing a
   * module (BENCHMARKS.md, Measured once). Without it, {@link sha256Hex} converts.
   */
  sha256Hex?(data: Uint8Array): string;
  /** CRC-32 as used by PNG and zlib (IEEE 802.3). */
  crc32(data: Uint8Array): number;
}

/**
 * A digest as lowercase hex, natively where the platform can.
 *
 * @example
 * sha256Hex(platform, bytes) === entry.sha256
 */
export const sha256Hex = (platform: Pick<CodecPlatform, "sha256" | "sha256Hex">, data: Uint8Array): string =>
  platform.sha256Hex?.(data) ?? toHex(platform.sha256(data));
