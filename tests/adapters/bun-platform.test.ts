/** The Bun plugin's codec platform (Bun's own inflate, SHA-256, CRC-32) decodes exactly as core's node: one and refuses the same damage. */
import { describe, expect, test } from "bun:test";
import { deflateSync } from "node:zlib";
import { encodeImage, isPxosError, nodePlatform } from "@pxos/core";
import { type CodecPlatform, decodeImage, toHex } from "@pxos/core/codec";
import fc from "fast-check";
import { bunPlatform } from "../../packages/bun-plugin/src/platform.ts";
import { damageBytes, editChunk } from "../support/damage.ts";

const codeOf = (file: Uint8Array, platform: CodecPlatform) => {
  try {
    decodeImage(file, { file: "m.pxi" }, platform);
    return "no error";
  } catch (err) {
    return isPxosError(err) ? err.code : `not a PxosError: ${err}`;
  }
};

test("decodes every image to the bytes node:zlib/node:crypto decode it to", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 20_000 }), fc.constantFrom("png", "pxif") as fc.Arbitrary<"png" | "pxif">, (bytes, format) => {
      const image = encodeImage(bytes, { format });
      expect(decodeImage(image, {}, bunPlatform).bytes).toEqual(decodeImage(image, {}, nodePlatform).bytes);
    }),
    { seed: 20261128, numRuns: 200 },
  );
});

test("its native hex digest, which every pack check compares, is the hex of the digest node:crypto makes", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 5_000 }), (bytes) => {
      expect(bunPlatform.sha256Hex?.(bytes)).toBe(toHex(nodePlatform.sha256(bytes)));
      expect(nodePlatform.sha256Hex?.(bytes)).toBe(toHex(nodePlatform.sha256(bytes)));
    }),
    { seed: 20261205, numRuns: 200 },
  );
});

describe("damage gets the same error on Bun's functions", () => {
  const png = encodeImage(new TextEncoder().encode("export const n: number = 1;\n".repeat(200)), { loader: "ts", path: "m.ts" });
  test.each([
    ["a flipped bit", "BAD_CRC", () => damageBytes(png, "bitflip")],
    ["altered data with valid CRCs", "CHECKSUM_MISMATCH", () => damageBytes(png, "tamper")],
    ["a broken zlib stream", "BAD_ZLIB", () => editChunk(png, "IDAT", (d) => d.fill(0x55, 2))],
    // Short enough for Bun.inflateSync (at most 16 MiB out): inflated, then refused by length.
    ["a 16 KB stream inflating to 16 MB", "BAD_LENGTH", () => editChunk(png, "IDAT", () => deflateSync(new Uint8Array(16_000_000)))],
    // Too long for it: the capped node:zlib path stops at what the dimensions allow.
    ["a 50 MB zlib bomb", "BAD_LENGTH", () => editChunk(png, "IDAT", () => deflateSync(new Uint8Array(50_000_000)))],
  ] as const)("%s → %s", (_, code, make) => {
    const file = make();
    expect(codeOf(file, bunPlatform)).toBe(code);
    expect(codeOf(file, nodePlatform)).toBe(code);
  });
});
