/**
 * The codec in a browser: the same parsing and checks as everywhere, with
 * the web platform underneath — DecompressionStream for inflate (its output
 * capped like node:zlib's), crypto.subtle for SHA-256, a table CRC-32. No
 * `node:` import on this path. Encoding uses pako, as on every runtime, so a
 * browser writes the very bytes `pxos encode` would.
 */

import { PxosError } from "../base/errors.ts";
import { detectFormat } from "./decode.ts";
import { encodeImage } from "./encode.ts";
import { checkSha, inflateError, parsePng, unfilterPng } from "./png.ts";
import { pxifBody } from "./pxif.ts";
import type { Decoded, DecodeOptions, EncodeOptions } from "./types.ts";

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE), as PNG chunks use it: the viewer's decoding workers hand it to core's synchronous codec. */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = (CRC_TABLE[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
}

/** Inflate a zlib stream, refusing (like node:zlib's maxOutputLength) to produce more than `expected + 1` bytes. */
async function inflate(data: Uint8Array, expected: number): Promise<Uint8Array> {
  const reader = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("deflate")).getReader();
  const out = new Uint8Array(expected + 1);
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out.subarray(0, length);
    if (length + value.length > out.length) {
      await reader.cancel();
      throw Object.assign(new Error("inflated output is larger than expected"), { code: "ERR_BUFFER_TOO_LARGE" });
    }
    out.set(value, length);
    length += value.length;
  }
}

/**
 * Decode and verify an image of either format in a browser.
 *
 * @example
 * const { bytes, info } = await decodeImageInBrowser(new Uint8Array(await (await fetch(url)).arrayBuffer()));
 */
export async function decodeImageInBrowser(file: Uint8Array, opts: DecodeOptions = {}): Promise<Decoded> {
  const name = opts.file ?? "<image>";
  const format = detectFormat(file);
  if (format === "pxif") {
    const { bytes, info } = pxifBody(file, { ...opts, file: name });
    checkSha(await sha256(bytes), file.subarray(23, 55), name);
    return { bytes, info };
  }
  if (format !== "png") throw new PxosError("BAD_MAGIC", "neither a pxos PNG nor a PXIF image", name);
  const parsed = parsePng(file, { ...opts, file: name }, crc32);
  let raw: Uint8Array;
  try {
    raw = await inflate(parsed.idat, parsed.expected);
  } catch (cause) {
    throw inflateError(cause, parsed);
  }
  const bytes = unfilterPng(parsed, raw);
  checkSha(await sha256(bytes), parsed.expectedSha, name);
  return { bytes, info: parsed.info };
}

/**
 * Encode bytes into an image in a browser, byte for byte what `pxos encode` writes.
 *
 * @example
 * const png = await encodeImageInBrowser(new TextEncoder().encode(source), { loader: "ts", path: "src/a.ts" });
 */
export async function encodeImageInBrowser(data: Uint8Array, opts: EncodeOptions = {}): Promise<Uint8Array> {
  const digest = await sha256(data);
  return encodeImage(data, opts, {
    crc32,
    sha256: (bytes) => {
      if (bytes !== data) throw new Error("the browser codec hashes only the data it was given");
      return digest;
    },
    inflate: () => {
      throw new Error("encoding never inflates");
    },
  });
}
