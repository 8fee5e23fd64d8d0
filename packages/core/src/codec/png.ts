/**
 * The `png` format, decoding side (encoding: ./png-encode.ts, kept apart so loaders never load a deflater):
 * a standard 8-bit RGB PNG whose pixels are the stored
 * bytes in order (3 a pixel, zero-padded), every row with filter type 0, plus
 * one private chunk `pxOS` with what a loader needs before it trusts them.
 */
import { PxosError } from "../base/errors.ts";
import { bytesEqual, concat, startsWith, toHex, utf8, view } from "./bytes.ts";
import type { CodecPlatform } from "./platform.ts";
import { DEFAULT_MAX_PIXELS, type Decoded, type DecodeOptions, type ImageInfo } from "./types.ts";

export const PNG_SIGNATURE: Uint8Array<ArrayBuffer> = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Ancillary, private, reserved-bit clear, unsafe to copy: editors drop it, so an edited image no longer claims to be ours. */
export const META_CHUNK = "pxOS";
export const META_VERSION = 1;
export const META_FIXED = 38;
/** Loader codes of the metadata chunk; index 0 means none. Append only: the index is the format. */
export const LOADER_CODES = ["", "ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs", "json"];
/** The size field is a u32: far above the default pixel limit (192 MiB of data). */
export const MAX_SIZE = 0xffffffff;

interface Chunk {
  type: string;
  data: Uint8Array;
}

/** Walks chunks in order, checking each length and CRC before yielding it; ends after IEND. */
function* chunks(file: Uint8Array, name: string, platform: CodecPlatform): Generator<Chunk> {
  const dv = view(file);
  let at = PNG_SIGNATURE.length;
  for (;;) {
    if (at + 12 > file.length) throw new PxosError("TRUNCATED", `PNG ends inside a chunk header at byte ${at}`, name);
    const length = dv.getUint32(at);
    if (length > file.length - at - 12) {
      throw new PxosError("TRUNCATED", `PNG chunk at byte ${at} claims ${length} bytes, only ${file.length - at - 12} remain`, name);
    }
    const t0 = file[at + 4] as number;
    const t1 = file[at + 5] as number;
    const t2 = file[at + 6] as number;
    const t3 = file[at + 7] as number;
    if (!isLetter(t0) || !isLetter(t1) || !isLetter(t2) || !isLetter(t3)) throw new PxosError("BAD_CHUNK", `invalid PNG chunk type at byte ${at}`, name);
    const type = String.fromCharCode(t0, t1, t2, t3);
    const crc = dv.getUint32(at + 8 + length);
    if (platform.crc32(file.subarray(at + 4, at + 8 + length)) !== crc) {
      throw new PxosError("BAD_CRC", `CRC mismatch in ${type} chunk at byte ${at}`, name);
    }
    yield { type, data: file.subarray(at + 8, at + 8 + length) };
    if (type === "IEND") return;
    at += 12 + length;
  }
}

/** PNG chunk type bytes are ASCII letters. */
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

interface Header {
  info: ImageInfo;
  expectedSha: Uint8Array;
}

function readHeader(iter: Iterator<Chunk>, file: Uint8Array, name: string, maxPixels: number): Header {
  if (!startsWith(file, PNG_SIGNATURE)) {
    const isPrefix = file.length < PNG_SIGNATURE.length && startsWith(PNG_SIGNATURE, file);
    throw new PxosError(isPrefix ? "TRUNCATED" : "BAD_MAGIC", isPrefix ? "file ends inside the PNG signature" : "not a PNG image", name);
  }
  const first = iter.next();
  if (first.done || first.value.type !== "IHDR" || first.value.data.length !== 13) {
    throw new PxosError("BAD_CHUNK", "PNG does not start with a valid IHDR chunk", name);
  }
  const ihdr = first.value.data;
  const dv = view(ihdr);
  const width = dv.getUint32(0);
  const height = dv.getUint32(4);
  if (ihdr[8] !== 8 || ihdr[9] !== 2 || ihdr[10] !== 0 || ihdr[11] !== 0 || ihdr[12] !== 0) {
    throw new PxosError("UNSUPPORTED_PNG", "only 8-bit RGB, non-interlaced PNGs hold pxos data", name);
  }
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) {
    throw new PxosError("BAD_DIMENSIONS", `invalid PNG dimensions ${width}×${height}`, name);
  }
  if (width * height > maxPixels) {
    throw new PxosError("TOO_LARGE", `${width}×${height} pixels exceeds the limit of ${maxPixels}`, name);
  }
  for (let next = iter.next(); !next.done; next = iter.next()) {
    const { type, data } = next.value;
    if (type === "IDAT" || type === "IEND") break;
    if (type !== META_CHUNK) continue;
    return { ...parseMeta(data, name, width, height), expectedSha: data.subarray(6, 38) };
  }
  throw new PxosError("NO_METADATA", `PNG has no ${META_CHUNK} chunk before its image data: not a pxos image`, name);
}

function parseMeta(data: Uint8Array, name: string, width: number, height: number): { info: ImageInfo } {
  if (data.length < META_FIXED) throw new PxosError("BAD_CHUNK", `${META_CHUNK} chunk is ${data.length} bytes, needs ${META_FIXED}`, name);
  if (data[0] !== META_VERSION) throw new PxosError("BAD_VERSION", `unknown ${META_CHUNK} version ${data[0]}`, name);
  const loader = LOADER_CODES[data[1] as number];
  if (loader === undefined) throw new PxosError("BAD_CHUNK", `unknown loader code ${data[1]} in ${META_CHUNK} chunk`, name);
  const size = view(data).getUint32(2);
  if (size > width * height * 3) {
    throw new PxosError("BAD_SIZE", `stored size ${size} exceeds the ${width}×${height} pixel area (${width * height * 3} bytes)`, name);
  }
  let path: string;
  try {
    path = utf8.decode(data.subarray(META_FIXED));
  } catch (cause) {
    throw new PxosError("BAD_CHUNK", `${META_CHUNK} chunk holds an invalid UTF-8 path`, name, { cause });
  }
  const info: ImageInfo = { format: "png", version: String(META_VERSION), width, height, size, sha256: toHex(data.subarray(6, 38)) };
  if (loader) info.loader = loader;
  if (path) info.path = path;
  return { info };
}

/**
 * Read a pxos PNG's info from its first chunks, without inflating anything.
 * Works on a prefix of the file as long as it reaches the `pxOS` chunk.
 */
export function readPngInfo(file: Uint8Array, opts: DecodeOptions, platform: CodecPlatform): ImageInfo {
  const name = opts.file ?? "<png>";
  return readHeader(chunks(file, name, platform), file, name, opts.maxPixels ?? DEFAULT_MAX_PIXELS).info;
}

/** A PNG whose structure and CRCs checked out, with its image data still compressed. */
export interface ParsedPng {
  name: string;
  info: ImageInfo;
  expectedSha: Uint8Array;
  idat: Uint8Array;
  /** Bytes the image data must inflate to: height × (1 + 3 × width). */
  expected: number;
}

/** Everything about a PNG that can be checked before inflating: the first half of a decode. */
export function parsePng(file: Uint8Array, opts: DecodeOptions, crc32: CodecPlatform["crc32"]): ParsedPng {
  const name = opts.file ?? "<png>";
  const iter = chunks(file, name, { crc32 } as CodecPlatform);
  const { info, expectedSha } = readHeader(iter, file, name, opts.maxPixels ?? DEFAULT_MAX_PIXELS);
  const idat: Uint8Array[] = [];
  let ended = false;
  // readHeader returned right after the metadata chunk; the same walk goes on from there.
  for (const c of iter) {
    if (c.type === "IDAT") idat.push(c.data);
    if (c.type === "IEND") ended = true;
  }
  if (!ended) throw new PxosError("TRUNCATED", "PNG has no IEND chunk", name);
  if (idat.length === 0) throw new PxosError("TRUNCATED", "PNG has no image data", name);
  return { name, info, expectedSha, idat: idat.length === 1 ? (idat[0] as Uint8Array) : concat(idat), expected: info.height * (info.width * 3 + 1) };
}

/** The error an inflate failure means: a stream longer than the dimensions allow, or a broken one. */
export function inflateError(cause: unknown, parsed: ParsedPng): PxosError {
  const tooBig = (cause as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
  return tooBig
    ? new PxosError("BAD_LENGTH", `image data inflates to more than the ${parsed.expected} bytes its dimensions allow`, parsed.name, { cause })
    : new PxosError("BAD_ZLIB", `image data is not a valid zlib stream (${(cause as Error).message})`, parsed.name, { cause });
}

/** The inflated rows, checked for length and filters, as the stored bytes: the second half of a decode, before the checksum. */
export function unfilterPng(parsed: ParsedPng, raw: Uint8Array): Uint8Array {
  if (raw.length !== parsed.expected) {
    throw new PxosError("BAD_LENGTH", `image data inflates to ${raw.length} bytes, expected ${parsed.expected}`, parsed.name);
  }
  return unfilter(raw, parsed.info.size, parsed.info.width * 3, parsed.name);
}

/** The last check of every decode, sync or async: the bytes match the SHA-256 the image records. */
export function checkSha(actual: Uint8Array, expected: Uint8Array, name: string): void {
  if (!bytesEqual(actual, expected)) throw new PxosError("CHECKSUM_MISMATCH", "SHA-256 of the decoded bytes does not match the image's checksum", name);
}

/**
 * Decode a pxos PNG, verifying structure, CRCs, lengths and SHA-256 before
 * returning a byte. The bytes returned are a view into a fresh buffer.
 *
 * @example
 * const { bytes, info } = decodePng(fileBytes, { file: "a.ts.pxi" }, platform);
 */
export function decodePng(file: Uint8Array, opts: DecodeOptions, platform: CodecPlatform): Decoded {
  const parsed = parsePng(file, opts, platform.crc32);
  let raw: Uint8Array;
  try {
    raw = platform.inflate(parsed.idat, parsed.expected);
  } catch (cause) {
    throw inflateError(cause, parsed);
  }
  const bytes = unfilterPng(parsed, raw);
  checkSha(platform.sha256(bytes), parsed.expectedSha, parsed.name);
  return { bytes, info: parsed.info };
}

/** Drops each row's filter byte by moving rows left in place: no second buffer, so no second round of page faults. */
function unfilter(raw: Uint8Array, size: number, stride: number, name: string): Uint8Array {
  for (let at = 0; at < raw.length; at += stride + 1) {
    if (raw[at] !== 0) throw new PxosError("BAD_FILTER", `row ${at / (stride + 1)} uses PNG filter ${raw[at]}, pxos images use 0`, name);
  }
  if (size <= stride) return raw.subarray(1, 1 + size);
  for (let row = 0, at = 0; at < size; row++, at += stride) {
    const from = row * (stride + 1) + 1;
    raw.copyWithin(at, from, from + Math.min(stride, size - at));
  }
  return raw.subarray(0, size);
}
