/**
 * pxOS PixelFS 1.0 (`.pxi`): a 64-byte big-endian header, then width×height×3
 * bytes of RGB holding the data, zero-padded. Byte-identical to what pxOS's
 * Python `PixelFS.write` produces (`struct '>4s BB Q I I B 32s 9s'`).
 */
import { PxosError } from "../base/errors.ts";
import { readU64, startsWith, toHex, view, writeU64 } from "./bytes.ts";
import type { CodecPlatform } from "./platform.ts";
import { checkSha } from "./png.ts";
import { DEFAULT_MAX_PIXELS, type Decoded, type DecodeOptions, type ImageInfo, imageWidth } from "./types.ts";

export const PXIF_MAGIC: Uint8Array<ArrayBuffer> = new Uint8Array([0x50, 0x58, 0x49, 0x46]); // "PXIF"
export const PXIF_HEADER_SIZE = 64;

/**
 * Encode bytes exactly as pxOS does: width defaults to 1024 pixels,
 * height = ceil(ceil(size / 3) / width), 0 for empty data.
 *
 * @example
 * const pxi = encodePxif(bytes, { width: 1024 }, platform);
 */
export function encodePxif(data: Uint8Array, opts: { width?: number }, platform: CodecPlatform): Uint8Array {
  const width = imageWidth("pxif", data.length, opts.width);
  if (!Number.isInteger(width) || width < 1 || width > 0xffffffff) throw new PxosError("USAGE", `invalid width ${width}`);
  const height = Math.ceil(Math.ceil(data.length / 3) / width);
  const out = new Uint8Array(PXIF_HEADER_SIZE + width * height * 3);
  const dv = view(out);
  out.set(PXIF_MAGIC, 0);
  out[4] = 1;
  out[5] = 0;
  writeU64(dv, 6, data.length);
  dv.setUint32(14, width);
  dv.setUint32(18, height);
  out[22] = 0; // compression: none
  out.set(platform.sha256(data), 23);
  out.set(data, PXIF_HEADER_SIZE);
  return out;
}

/** Read and validate the 64-byte header; needs only the header bytes. */
export function readPxifInfo(file: Uint8Array, opts: DecodeOptions): ImageInfo {
  const name = opts.file ?? "<pxif>";
  if (!startsWith(file, PXIF_MAGIC)) {
    const isPrefix = file.length < PXIF_MAGIC.length && startsWith(PXIF_MAGIC, file);
    throw new PxosError(isPrefix ? "TRUNCATED" : "BAD_MAGIC", isPrefix ? "file ends inside the PXIF magic" : "not a PXIF image", name);
  }
  if (file.length < PXIF_HEADER_SIZE) {
    throw new PxosError("TRUNCATED", `PXIF header is ${file.length} bytes, needs ${PXIF_HEADER_SIZE}`, name);
  }
  const dv = view(file);
  const major = file[4] ?? 0;
  const minor = file[5] ?? 0;
  if (major !== 1) throw new PxosError("BAD_VERSION", `unknown PXIF version ${major}.${minor}`, name);
  if (file[22] !== 0) throw new PxosError("BAD_COMPRESSION", `unknown PXIF compression ${file[22]}`, name);
  const size = readU64(dv, 6);
  const width = dv.getUint32(14);
  const height = dv.getUint32(18);
  const maxPixels = opts.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (width * height > maxPixels) {
    throw new PxosError("TOO_LARGE", `${width}×${height} pixels exceeds the limit of ${maxPixels}`, name);
  }
  if (size > width * height * 3) {
    throw new PxosError("BAD_SIZE", `stored size ${size} exceeds the ${width}×${height} pixel area (${width * height * 3} bytes)`, name);
  }
  return { format: "pxif", version: `${major}.${minor}`, width, height, size, sha256: toHex(file.subarray(23, 55)) };
}

/**
 * Decode a PXIF image, verifying its length and SHA-256 before returning a byte.
 * The bytes returned are a view into `file`, not a copy.
 *
 * @example
 * const { bytes } = decodePxif(fileBytes, { file: "model.pxi" }, platform);
 */
export function decodePxif(file: Uint8Array, opts: DecodeOptions, platform: CodecPlatform): Decoded {
  const { bytes, info } = pxifBody(file, opts);
  checkSha(platform.sha256(bytes), file.subarray(23, 55), opts.file ?? "<pxif>");
  return { bytes, info };
}

/** A PXIF's header and stored bytes, every check made but the checksum. */
export function pxifBody(file: Uint8Array, opts: DecodeOptions): Decoded {
  const info = readPxifInfo(file, opts);
  const name = opts.file ?? "<pxif>";
  const body = file.length - PXIF_HEADER_SIZE;
  const area = info.width * info.height * 3;
  if (body < area) throw new PxosError("TRUNCATED", `PXIF pixel data is ${body} bytes, header says ${area}`, name);
  if (body > area) throw new PxosError("BAD_LENGTH", `PXIF has ${body - area} bytes past its ${area}-byte pixel area`, name);
  return { bytes: file.subarray(PXIF_HEADER_SIZE, PXIF_HEADER_SIZE + info.size), info };
}
