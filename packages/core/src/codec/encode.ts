import { PxosError } from "../base/errors.ts";
import type { CodecPlatform } from "./platform.ts";
import { encodePng } from "./png-encode.ts";
import { encodePxif } from "./pxif.ts";
import type { EncodeOptions } from "./types.ts";

/**
 * Encode bytes into an image file.
 *
 * @example
 * encodeImage(bytes, { format: "png", loader: "ts", path: "src/a.ts" }, platform)
 */
export function encodeImage(data: Uint8Array, opts: EncodeOptions, platform: CodecPlatform): Uint8Array {
  if (opts.width !== undefined && (!Number.isInteger(opts.width) || opts.width < 1 || opts.width > 0x7fffffff)) {
    throw new PxosError("USAGE", `width must be a whole number from 1 to ${0x7fffffff}, got ${opts.width}`);
  }
  return (opts.format ?? "png") === "png" ? encodePng(data, opts, platform) : encodePxif(data, opts, platform);
}
