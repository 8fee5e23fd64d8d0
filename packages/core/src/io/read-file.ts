/**
 * Every file pxos reads as input (images, manifests, cartridges, modules) comes through here, so no
 * input can hang a read (a FIFO, a terminal), stream forever (/dev/zero) or be taken whole before
 * it has shown it is what it claims to be.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, type Stats } from "node:fs";
import { isPxosError, PxosError } from "../base/errors.ts";
import { detectFormat } from "../codec/decode.ts";
import { PNG_SIGNATURE } from "../codec/png.ts";
import { PXIF_MAGIC } from "../codec/pxif.ts";
import { DEFAULT_MAX_PIXELS } from "../codec/types.ts";

/** Far above any source module or manifest pxos writes; a larger input is refused before it is read. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;
/** Bytes read first, for a {@link ReadOptions.head} check. */
const HEAD_BYTES = 64;
/** Opening a FIFO for reading waits for a writer unless non-blocking; a regular file ignores the flag. */
const NON_BLOCKING = constants.O_NONBLOCK ?? 0;

export interface ReadOptions {
  /** Open flags (such as NO_FOLLOW); O_NONBLOCK is always added. */
  flag?: number;
  /** Refuse a larger file, before reading it. Default {@link MAX_INPUT_BYTES}. */
  maxBytes?: number;
  /** Called with the file's first bytes before the rest is read: throw to stop there. */
  head?: (head: Uint8Array) => void;
}

/**
 * The largest image file whose pixels can be within `maxPixels`: 3 bytes a pixel, a filter byte a
 * row, deflate's framing and room for ancillary chunks.
 */
export function maxImageFileBytes(maxPixels = DEFAULT_MAX_PIXELS): number {
  return maxPixels * 4 + 1024 * 1024;
}

/** A head check for images: neither format's magic bytes stops the read (a shorter file is left to the decoder to call truncated). */
export function imageMagic(name: string): (head: Uint8Array) => void {
  return (head) => {
    if (head.length >= Math.max(PNG_SIGNATURE.length, PXIF_MAGIC.length) && !detectFormat(head))
      throw new PxosError("BAD_MAGIC", "neither a pxos PNG nor a PXIF image", name);
  };
}

/**
 * Read a regular file whole, within a size bound. Errors of the runtime (ENOENT, ELOOP, …) are
 * thrown as they are, for the caller to name; a file that is not regular, or too large, is a PxosError.
 *
 * @example
 * const bytes = readRegularFile("a.pxi", { maxBytes: maxImageFileBytes(), head: imageMagic("a.pxi") });
 */
export function readRegularFile(path: string, opts: ReadOptions = {}): Buffer {
  return readChecked(path, opts, (fd, size, head) => {
    const bytes = Buffer.allocUnsafe(size);
    head.copy(bytes);
    return bytes.subarray(0, head.length + readFully(fd, bytes, head.length));
  });
}

/**
 * {@link readRegularFile} as UTF-8 text, decoded by the runtime as it reads: JSON.parse reads such a
 * string faster than one decoded from a Buffer (BENCHMARKS.md, Measured once).
 *
 * @example
 * const manifest = JSON.parse(readRegularText("pixel_manifest.json"));
 */
export function readRegularText(path: string, opts: ReadOptions = {}): string {
  return readChecked(path, opts, (fd) => readFileSync(fd, "utf8"));
}

/** Opens a regular file, checks its head and size, then hands it to `read` (`head`: its first bytes, read already). */
function readChecked<T>(path: string, opts: ReadOptions, read: (fd: number, size: number, head: Buffer) => T): T {
  const fd = openSync(path, (opts.flag ?? constants.O_RDONLY) | NON_BLOCKING);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new PxosError("IO", `not a regular file (${kind(stats)}); pxos reads only regular files`, path);
    const head = Buffer.allocUnsafe(Math.min(HEAD_BYTES, stats.size));
    const headLength = readFully(fd, head, 0);
    opts.head?.(head.subarray(0, headLength));
    const max = opts.maxBytes ?? MAX_INPUT_BYTES;
    if (stats.size > max) throw new PxosError("TOO_LARGE", `${stats.size} bytes, more than the ${max} bytes pxos reads from such a file`, path);
    return read(fd, stats.size, head.subarray(0, headLength));
  } finally {
    closeSync(fd);
  }
}

/** Fill `buffer` from `offset` on, stopping early only at the end of the file (it may have shrunk since fstat). */
function readFully(fd: number, buffer: Buffer, offset: number): number {
  let at = offset;
  while (at < buffer.length) {
    const n = readSync(fd, buffer, at, buffer.length - at, at);
    if (n === 0) break;
    at += n;
  }
  return at - offset;
}

function kind(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "not a file";
}

/**
 * Read a whole regular file, turning the runtime's error into a PxosError: NOT_FOUND
 * with `missing` as the reason when there is no such file, IO otherwise.
 *
 * @example
 * const bytes = readFileOrFail("app.pxc.png", "no such cartridge");
 */
export function readFileOrFail(path: string, missing: string, opts: ReadOptions = {}): Buffer {
  return orFail(path, missing, () => readRegularFile(path, opts));
}

/** {@link readFileOrFail} as UTF-8 text ({@link readRegularText}). */
export function readTextOrFail(path: string, missing: string, opts: ReadOptions = {}): string {
  return orFail(path, missing, () => readRegularText(path, opts));
}

function orFail<T>(path: string, missing: string, read: () => T): T {
  try {
    return read();
  } catch (cause) {
    if (isPxosError(cause)) throw cause;
    const notFound = (cause as NodeJS.ErrnoException).code === "ENOENT";
    throw new PxosError(notFound ? "NOT_FOUND" : "IO", notFound ? missing : `cannot read: ${errnoReason(cause)}`, path, { cause });
  }
}

/** A runtime's error without the path it repeats: `EACCES: permission denied, open '/a/b'` → `permission denied (EACCES)`. */
export function errnoReason(cause: unknown): string {
  const err = cause as NodeJS.ErrnoException;
  const match = /^[A-Z0-9_]+: (.*?)(?:, \w+ '.*')?$/.exec(err.message ?? "");
  return err.code && match ? `${match[1]} (${err.code})` : String(err.message ?? err);
}
