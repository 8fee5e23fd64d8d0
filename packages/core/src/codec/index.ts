/** The codec: both formats, encode and decode, over a {@link CodecPlatform}. */
export { decodeImage, detectFormat, readImageInfo } from "./decode.ts";
export { encodeImage } from "./encode.ts";
export type { CodecPlatform } from "./platform.ts";
export { PNG_SIGNATURE } from "./png.ts";
export { PXIF_MAGIC } from "./pxif.ts";
export * from "./types.ts";
