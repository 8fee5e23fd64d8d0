/**
 * Decoding over both image formats, told apart by their first bytes. Pure:
 * the runtime's inflate, SHA-256 and CRC-32 come in as a {@link CodecPlatform}.
 */
import { PxosError } from "../base/errors.ts";
import { startsWith } from "./bytes.ts";
import type { CodecPlatform } from "./platform.ts";
import { decodePng, PNG_SIGNATURE, readPngInfo } from "./png.ts";
import { decodePxif, PXIF_MAGIC, readPxifInfo } from "./pxif.ts";
import type { Decoded, DecodeOptions, ImageFormat, ImageInfo } from "./types.ts";

/** Which format a file is in, from its first bytes; undefined when neither. */
export function detectFormat(file: Uint8Array): ImageFormat | undefined {
  if (startsWith(file, PNG_SIGNATURE)) return "png";
  if (startsWith(file, PXIF_MAGIC)) return "pxif";
  return undefined;
}

function formatOf(file: Uint8Array, name: string): ImageFormat {
  const format = detectFormat(file);
  if (format) return format;
  const prefix = [PNG_SIGNATURE, PXIF_MAGIC].some((m) => file.length < m.length && startsWith(m, file));
  throw new PxosError(prefix ? "TRUNCATED" : "BAD_MAGIC", prefix ? "file ends inside its magic bytes" : "neither a pxos PNG nor a PXIF image", name);
}

/**
 * Decode an image file of either format; throws {@link PxosError} unless the
 * bytes are intact and match their SHA-256.
 *
 * @example
 * const { bytes, info } = decodeImage(file, { file: "src/a.ts.pxi" }, platform)
 */
export function decodeImage(file: Uint8Array, opts: DecodeOptions, platform: CodecPlatform): Decoded {
  const name = opts.file ?? "<image>";
  return formatOf(file, name) === "png" ? decodePng(file, { ...opts, file: name }, platform) : decodePxif(file, { ...opts, file: name }, platform);
}

/** Read an image's info from its header alone (no inflate, no hashing). */
export function readImageInfo(file: Uint8Array, opts: DecodeOptions, platform: CodecPlatform): ImageInfo {
  const name = opts.file ?? "<image>";
  return formatOf(file, name) === "png" ? readPngInfo(file, { ...opts, file: name }, platform) : readPxifInfo(file, { ...opts, file: name });
}
