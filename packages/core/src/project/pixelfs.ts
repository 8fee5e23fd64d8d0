/**
 * PixelFS: pxOS's directory of pixel files, with the same verbs — write,
 * read (with offset and length), info, verify, list — over both formats.
 * Names get `.pxi` appended when missing, as pxOS does.
 */
import { readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { isPxosError, PxosError } from "../base/errors.ts";
import { IMAGE_EXTENSION } from "../base/names.ts";
import { decodeImage, encodeImage, readImageInfo } from "../codec/index.ts";
import type { EncodeOptions, ImageInfo } from "../codec/types.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { nodePlatform } from "../io/platform-node.ts";
import { imageMagic, maxImageFileBytes, readFileOrFail } from "../io/read-file.ts";
import { isContainedPath } from "../manifest/manifest.ts";

/**
 * @example
 * const fs = new PixelFS("pixel_storage");
 * fs.write("model", bytes, { format: "pxif" });
 * fs.read("model", { offset: 1024, length: 4096 });
 */
export class PixelFS {
  readonly root: string;
  readonly maxPixels: number | undefined;

  constructor(root: string, opts: { maxPixels?: number } = {}) {
    this.root = resolve(root);
    this.maxPixels = opts.maxPixels;
  }

  /** Absolute path of a name inside the root; refuses names that would leave it. */
  path(name: string): string {
    const file = name.endsWith(IMAGE_EXTENSION) ? name : `${name}${IMAGE_EXTENSION}`;
    if (!isContainedPath(file)) throw new PxosError("PATH_ESCAPE", "name leaves the PixelFS root", file);
    return join(this.root, file);
  }

  /** Encode `data` into an image (png unless `format: "pxif"`), atomically; returns its path. */
  write(name: string, data: Uint8Array, opts: EncodeOptions = {}): string {
    const path = this.path(name);
    writeFileAtomic(path, encodeImage(data, opts, nodePlatform));
    return path;
  }

  /** Verified bytes, optionally a slice of them. */
  read(name: string, range: { offset?: number; length?: number } = {}): Uint8Array {
    const path = this.path(name);
    const { bytes } = decodeImage(this.#readImage(path), { file: path, maxPixels: this.maxPixels }, nodePlatform);
    const start = range.offset ?? 0;
    return bytes.subarray(start, range.length === undefined ? undefined : start + range.length);
  }

  /** Header info without decoding the pixels. */
  info(name: string): ImageInfo {
    const path = this.path(name);
    return readImageInfo(this.#readImage(path), { file: path, maxPixels: this.maxPixels }, nodePlatform);
  }

  /** True when the image decodes and matches its checksum; false for damage, other errors thrown. */
  verify(name: string): boolean {
    try {
      this.read(name);
      return true;
    } catch (err) {
      if (isPxosError(err) && err.code !== "NOT_FOUND" && err.code !== "IO") return false;
      throw err;
    }
  }

  #readImage(path: string): Uint8Array {
    return readFileOrFail(path, "no such image", { maxBytes: maxImageFileBytes(this.maxPixels), head: imageMagic(path) });
  }

  /** Every `.pxi` below the root, as sorted POSIX names. */
  list(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.root, { recursive: true, encoding: "utf8" });
    } catch {
      return [];
    }
    return names
      .filter((n) => n.endsWith(IMAGE_EXTENSION))
      .map((n) => relative(this.root, join(this.root, n)).split("\\").join("/"))
      .sort();
  }
}
