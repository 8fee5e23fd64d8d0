/**
 * The codec platform backed by `node:zlib` and `node:crypto`: native code in
 * Bun, Deno and Node alike, several times faster than a pure-JavaScript PNG
 * decoder (BENCHMARKS.md).
 */
import { crypto, zlib } from "../base/builtins.ts";
import type { CodecPlatform } from "../codec/platform.ts";

export const nodePlatform: CodecPlatform = {
  // One output chunk one byte larger than expected: measured fastest on all three runtimes (an
  // exactly-sized chunk costs Node a second round), and anything longer is still refused.
  inflate: (data, expected) => zlib().inflateSync(data, { chunkSize: Math.max(64, expected + 1), maxOutputLength: expected + 1 }),
  sha256: (data) => crypto().createHash("sha256").update(data).digest(),
  sha256Hex: (data) => crypto().createHash("sha256").update(data).digest("hex"),
  crc32: (data) => zlib().crc32(data),
};
