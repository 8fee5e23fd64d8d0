/**
 * What the codec needs from the runtime, passed in rather than imported so
 * the codec itself touches no `node:` module and also runs in a browser.
 * `packages/core/src/io/platform-node.ts` implements it with `node:zlib` and
 * `node:crypto`, which Bun, Deno and Node all provide natively.
 */
export interface CodecPlatform {
  /**
   * Inflate a zlib stream that should yield `expected` bytes. May return a
   * different length (the caller checks), but must throw rather than produce
   * more than `expected + 1` bytes, so a zlib bomb stops early.
   */
  inflate(data: Uint8Array, expected: number): Uint8Array;
  /** SHA-256 digest (32 bytes). */
  sha256(data: Uint8Array): Uint8Array;
  /** CRC-32 as used by PNG and zlib (IEEE 802.3). */
  crc32(data: Uint8Array): number;
}
