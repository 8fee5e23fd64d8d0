/** Damaged input never yields bytes and never escapes as anything but a PxosError with a code naming the cause. */
import { describe, expect, test } from "bun:test";
import { deflateSync } from "node:zlib";
import { decodeImage, encodeImage, isPxosError, type PxosErrorCode, readImageInfo } from "@pxos/core";
import fc from "fast-check";
import { encode as encodeWithFastPng } from "fast-png";
import { damageBytes, editChunk, pngChunk, pngChunks, rewriteIdat } from "../support/damage.ts";

const source = new TextEncoder().encode("export const message: string = 'hello from the pixels';\n".repeat(120));
const png = encodeImage(source, { loader: "ts", path: "src/message.ts" });
const pxif = encodeImage(source, { format: "pxif" });

function codeOf(run: () => unknown): PxosErrorCode | string {
  try {
    run();
  } catch (err) {
    if (!isPxosError(err)) return `not a PxosError: ${err}`;
    expect(err.message).toContain("damaged.pxi");
    expect(err.file).toBe("damaged.pxi");
    return err.code;
  }
  return "no error";
}

const decodeCode = (file: Uint8Array, maxPixels?: number) => codeOf(() => decodeImage(file, { file: "damaged.pxi", maxPixels }));
const setU32 = (data: Uint8Array, at: number, value: number) => {
  new DataView(data.buffer, data.byteOffset).setUint32(at, value);
  return data;
};

describe("png: one error code per cause", () => {
  const cases: [string, PxosErrorCode, () => Uint8Array][] = [
    ["not an image at all", "BAD_MAGIC", () => new TextEncoder().encode("console.log('hi')")],
    ["cut inside the signature", "TRUNCATED", () => png.subarray(0, 5)],
    ["cut in half", "TRUNCATED", () => damageBytes(png, "truncate")],
    ["no IEND", "TRUNCATED", () => png.subarray(0, png.length - 12)],
    ["a flipped bit in the image data", "BAD_CRC", () => damageBytes(png, "bitflip")],
    ["IHDR not first", "BAD_CHUNK", () => Buffer.concat([png.subarray(0, 8), pngChunk("tEXt", new Uint8Array(2)), png.subarray(8)])],
    ["width 0", "BAD_DIMENSIONS", () => editChunk(png, "IHDR", (d) => setU32(d, 0, 0))],
    ["a 1 KB file claiming 60000×60000", "TOO_LARGE", () => editChunk(png, "IHDR", (d) => setU32(setU32(d, 0, 60000), 4, 60000)).subarray(0, 1024)],
    ["16-bit samples", "UNSUPPORTED_PNG", () => editChunk(png, "IHDR", (d) => d.fill(16, 8, 9))],
    ["stored size beyond the pixel area", "BAD_SIZE", () => editChunk(png, "pxOS", (d) => setU32(d, 2, 0x7fffffff))],
    ["unknown metadata version", "BAD_VERSION", () => editChunk(png, "pxOS", (d) => d.fill(9, 0, 1))],
    ["metadata chunk too short", "BAD_CHUNK", () => editChunk(png, "pxOS", (d) => d.subarray(0, 20))],
    ["unknown loader code", "BAD_CHUNK", () => editChunk(png, "pxOS", (d) => d.fill(200, 1, 2))],
    ["a plain PNG from another encoder", "NO_METADATA", () => encodeWithFastPng({ width: 2, height: 1, data: new Uint8Array(6), channels: 3 })],
    ["a broken zlib stream", "BAD_ZLIB", () => editChunk(png, "IDAT", (d) => d.fill(0x55, 2))],
    ["image data shorter than its dimensions", "BAD_LENGTH", () => editChunk(png, "IDAT", () => deflateSync(new Uint8Array(10)))],
    ["image data longer than its dimensions (zlib bomb)", "BAD_LENGTH", () => editChunk(png, "IDAT", () => deflateSync(new Uint8Array(50_000_000)))],
    ["an adaptive row filter", "BAD_FILTER", () => rewriteIdat(png, (raw) => raw.fill(1, 0, 1))],
    ["altered data with valid CRCs and zlib", "CHECKSUM_MISMATCH", () => damageBytes(png, "tamper")],
  ];
  test.each(cases)("%s → %s", (_, code, make) => {
    expect(decodeCode(make())).toBe(code);
  });

  test("the pixel limit is configurable and checked from the header", () => {
    expect(decodeCode(png, 100)).toBe("TOO_LARGE");
    expect(codeOf(() => readImageInfo(png, { file: "damaged.pxi", maxPixels: 100 }))).toBe("TOO_LARGE");
  });
});

describe("pxif: one error code per cause", () => {
  const header = (edit: (h: Uint8Array) => void) => {
    const copy = new Uint8Array(pxif);
    edit(copy);
    return copy;
  };
  const cases: [string, PxosErrorCode, () => Uint8Array][] = [
    ["cut inside the magic", "TRUNCATED", () => pxif.subarray(0, 2)],
    ["cut inside the header", "TRUNCATED", () => pxif.subarray(0, 40)],
    ["cut inside the pixels", "TRUNCATED", () => pxif.subarray(0, pxif.length - 1)],
    ["bytes past the pixel area", "BAD_LENGTH", () => Buffer.concat([pxif, new Uint8Array(3)])],
    ["major version 2", "BAD_VERSION", () => header((h) => h.fill(2, 4, 5))],
    ["compression 1", "BAD_COMPRESSION", () => header((h) => h.fill(1, 22, 23))],
    ["a 1 KB file claiming 60000×60000", "TOO_LARGE", () => header((h) => setU32(setU32(h, 14, 60000), 18, 60000)).subarray(0, 1024)],
    ["stored size beyond the pixel area", "BAD_SIZE", () => header((h) => setU32(h, 10, 0x7fffffff))],
    ["a flipped data byte", "CHECKSUM_MISMATCH", () => header((h) => h.fill(0x41, 70, 71))],
  ];
  test.each(cases)("%s → %s", (_, code, make) => {
    expect(decodeCode(make())).toBe(code);
  });
});

describe.each([
  ["png", png],
  ["pxif", pxif],
])("%s under arbitrary damage", (_, image) => {
  test("every truncation is refused with a PxosError", () => {
    for (let n = 0; n < image.length; n += n < 200 ? 1 : 97) {
      expect(isPxosError(catchError(() => decodeImage(image.subarray(0, n), { file: "damaged.pxi" })))).toBe(true);
    }
  });

  test("random byte edits either decode to the original or raise a PxosError", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: image.length - 1 }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), (edits) => {
        const copy = new Uint8Array(image);
        for (const [at, xor] of edits) copy[at] = (copy[at] ?? 0) ^ xor;
        const err = catchError(() => expect(decodeImage(copy).bytes).toEqual(source));
        expect(err === undefined || isPxosError(err)).toBe(true);
      }),
      { numRuns: 400, seed: 20261128 },
    );
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
    return undefined;
  } catch (err) {
    return err;
  }
}

test("the chunk walker helper agrees with the encoder's layout", () => {
  expect(pngChunks(png).map((c) => c.type)).toEqual(["IHDR", "pxOS", "IDAT", "IEND"]);
});
