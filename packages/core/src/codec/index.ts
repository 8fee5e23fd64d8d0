/** The codec: both formats, encode and decode, over a {@link CodecPlatform}. */
export { concat, toHex } from "./bytes.ts";
export { decodeImage, detectFormat, readImageInfo } from "./decode.ts";
export { encodeImage } from "./encode.ts";
export type { CodecPlatform } from "./platform.ts";
export { PNG_SIGNATURE } from "./png.ts";
export { PXIF_MAGIC } from "./pxif.ts";
export { sha256 } from "./sha256.ts";
export * from "./types.ts";
