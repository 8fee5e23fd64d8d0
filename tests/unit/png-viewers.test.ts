/** Our PNGs are ordinary PNGs: an independent decoder (image-js/fast-png) sees the stored bytes as pixels. */
import { expect, test } from "bun:test";
import { encodeImage } from "@pxos/core";
import { decode } from "fast-png";

test("fast-png decodes a pxos image to RGB pixels holding the bytes in order", () => {
  const data = new TextEncoder().encode("export function hello(): string {\n  return 'pixels';\n}\n".repeat(80));
  const png = decode(encodeImage(data, { loader: "ts", path: "hello.ts" }));
  expect(png.channels).toBe(3);
  expect(png.depth).toBe(8);
  expect(png.width * png.height * 3 - data.length).toBeLessThan(3 * png.height);
  const pixels = new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength);
  expect(pixels.subarray(0, data.length)).toEqual(data);
  expect(pixels.subarray(data.length).every((b) => b === 0)).toBe(true);
});
