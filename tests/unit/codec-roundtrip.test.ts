import { describe, expect, test } from "bun:test";
import { decodeImage, encodeImage, type ImageFormat, readImageInfo } from "@pxos/core";
import fc from "fast-check";

const formats: ImageFormat[] = ["png", "pxif"];

describe.each(formats)("%s round trip", (format) => {
  test("any bytes at any width decode to exactly themselves", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), fc.option(fc.integer({ min: 1, max: 2000 }), { nil: undefined }), (data, width) => {
        const image = encodeImage(data, { format, width });
        const { bytes, info } = decodeImage(image);
        expect(bytes).toEqual(data);
        expect(info.size).toBe(data.length);
        expect(readImageInfo(image)).toEqual(info);
      }),
      { numRuns: 300 },
    );
  });

  test.each([0, 1, 2, 3, 4, 5, 6, 3071, 3072, 3073])("%i bytes (remainders around one pixel and one row)", (n) => {
    const data = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);
    expect(decodeImage(encodeImage(data, { format })).bytes).toEqual(data);
  });

  test("multi-megabyte data", () => {
    const data = new Uint8Array(3 * 1024 * 1024 + 2);
    for (let i = 0; i < data.length; i++) data[i] = (i ^ (i >>> 7) ^ (i >>> 13)) & 0xff;
    expect(decodeImage(encodeImage(data, { format })).bytes).toEqual(data);
  });

  test("encoding is deterministic: same input, identical bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (data) => {
        expect(encodeImage(data, { format, loader: "ts", path: "a.ts" })).toEqual(encodeImage(data, { format, loader: "ts", path: "a.ts" }));
      }),
      { numRuns: 50 },
    );
  });
});

describe("png layout", () => {
  test("an 8-bit RGB, non-interlaced PNG whose pixels are the bytes in order", () => {
    const data = new TextEncoder().encode("export const answer = 42;\n");
    const image = encodeImage(data, { loader: "ts", path: "src/answer.ts" });
    const info = readImageInfo(image);
    expect(info).toMatchObject({ format: "png", width: Math.ceil(data.length / 3), height: 1, size: data.length, loader: "ts", path: "src/answer.ts" });
    // IHDR: bit depth 8, colour type 2 (RGB), compression 0, filter 0, interlace 0
    expect([...image.subarray(24, 29)]).toEqual([8, 2, 0, 0, 0]);
    const types = chunkTypes(image);
    expect(types).toEqual(["IHDR", "pxOS", "IDAT", "IEND"]);
  });

  test("rows of at most 1024 pixels, as few as the data needs, padded by less than a pixel a row", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), (size) => {
        const { width, height } = readImageInfo(encodeImage(new Uint8Array(size)));
        const pixels = Math.max(1, Math.ceil(size / 3));
        expect(width).toBeLessThanOrEqual(1024);
        expect(height).toBe(Math.ceil(pixels / 1024));
        expect(width * height - pixels).toBeLessThan(height);
      }),
      { numRuns: 200 },
    );
    expect(readImageInfo(encodeImage(new Uint8Array(10_000)))).toMatchObject({ width: 834, height: 4 });
  });
});

function chunkTypes(png: Uint8Array): string[] {
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const types: string[] = [];
  for (let at = 8; at < png.length; at += 12 + dv.getUint32(at)) types.push(String.fromCharCode(...png.subarray(at + 4, at + 8)));
  return types;
}
