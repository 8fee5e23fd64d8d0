/** The `png` format, encoding side: see ./png.ts for the layout. */
import { deflate } from "pako";
import { PxosError } from "../base/errors.ts";
import { concat, utf8, view } from "./bytes.ts";
import type { CodecPlatform } from "./platform.ts";
import { LOADER_CODES, MAX_SIZE, META_CHUNK, META_FIXED, META_VERSION, PNG_SIGNATURE } from "./png.ts";
import { imageWidth } from "./types.ts";

/**
 * Encode bytes as a pxos PNG.
 *
 * @example
 * const png = encodePng(utf8.encode("export {}"), { loader: "ts", path: "a.ts" }, platform);
 */
export function encodePng(data: Uint8Array, opts: { width?: number; loader?: string; path?: string }, platform: CodecPlatform): Uint8Array {
  const width = imageWidth("png", data.length, opts.width);
  const height = Math.max(1, Math.ceil(Math.ceil(data.length / 3) / width));
  const stride = width * 3;
  const raw = new Uint8Array(height * (stride + 1));
  for (let row = 0, at = 0; at < data.length; row++, at += stride) {
    raw.set(data.subarray(at, Math.min(at + stride, data.length)), row * (stride + 1) + 1);
  }
  const ihdr = new Uint8Array(13);
  const dv = view(ihdr);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, RGB, deflate, filter method 0, no interlace
  return concat([
    PNG_SIGNATURE,
    chunk("IHDR", ihdr, platform),
    chunk(META_CHUNK, encodeMeta(data, opts, platform), platform),
    chunk("IDAT", deflate(raw, { level: 9 }), platform),
    chunk("IEND", new Uint8Array(0), platform),
  ]);
}

function encodeMeta(data: Uint8Array, opts: { loader?: string; path?: string }, platform: CodecPlatform): Uint8Array {
  const loader = LOADER_CODES.indexOf(opts.loader ?? "");
  if (loader < 0) throw new PxosError("USAGE", `png images cannot record loader ${JSON.stringify(opts.loader)} (known: ${LOADER_CODES.slice(1).join(", ")})`);
  if (data.length > MAX_SIZE) throw new PxosError("USAGE", `png images hold at most ${MAX_SIZE} bytes, got ${data.length}`);
  const path = utf8.encode(opts.path ?? "");
  const out = new Uint8Array(META_FIXED + path.length);
  out[0] = META_VERSION;
  out[1] = loader;
  view(out).setUint32(2, data.length);
  out.set(platform.sha256(data), 6);
  out.set(path, META_FIXED);
  return out;
}

function chunk(type: string, data: Uint8Array, platform: CodecPlatform): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = view(out);
  dv.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  dv.setUint32(8 + data.length, platform.crc32(out.subarray(4, 8 + data.length)));
  return out;
}
