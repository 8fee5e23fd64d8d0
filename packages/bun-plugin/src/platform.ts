/**
 * The codec platform on Bun's own functions: Bun loads `node:zlib` and
 * `node:crypto` slowly (BENCHMARKS.md, Measured once), and a plugin runs before
 * every app. `Bun.inflateSync` has no output cap, so it only gets
 * streams too short to inflate past what the image may hold (deflate expands
 * at most 1032×) or past 16 MiB; a longer one goes to core's capped node:zlib.
 */
import { type CodecPlatform, nodePlatform } from "@pxos/core/runtime";

const MAX_DEFLATE_RATIO = 1032;
const UNCAPPED_LIMIT = 16 * 1024 * 1024;

/** Bun's types want ArrayBuffer-backed views; a decoder's input always is one. */
type Bytes = Uint8Array<ArrayBuffer>;

export const bunPlatform: CodecPlatform = {
  inflate: (data, expected) =>
    data.length * MAX_DEFLATE_RATIO <= Math.max(expected + 1, UNCAPPED_LIMIT)
      ? Bun.inflateSync(data as Bytes, { windowBits: 15 })
      : nodePlatform.inflate(data, expected),
  sha256: (data) => Bun.SHA256.hash(data as Bytes) as Uint8Array,
  sha256Hex: (data) => Bun.SHA256.hash(data as Bytes, "hex"),
  crc32: (data) => Bun.hash.crc32(data),
};
