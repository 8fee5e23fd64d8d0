/**
 * The file layout both of pxos's packs share: one magic line, one line of JSON index, then every
 * entry's bytes back to back. A start-up reads the index, then only the entries it asks for, from
 * the file it opened (a pack replaced meanwhile by another process's save does not mix in), so a
 * large project whose run imports a few modules reads a few entries, not the whole pack.
 *
 *   pack = MAGIC LF · index JSON LF · bodies
 *   index = { "<key>": [start, end, "<tag>"] }  (byte offsets into the bodies)
 *
 * @example
 * const pack = readPack(file, "pxos-sources 1"); // empty when missing or not such a pack
 * const found = pack.entry(sha); // [tag, bytes], or undefined
 * const same = pack.entry(sha, scratch); // its bytes in `scratch`, until its next use
 * readPack(file, "pxos-derived 1", { indexSha, platform }); // empty too unless the index line hashes to indexSha
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { toHex } from "../codec/bytes.ts";
import { type CodecPlatform, sha256Hex } from "../codec/platform.ts";
import { writeFileAtomic } from "../io/atomic.ts";

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** Bytes of the body read at a time. */
const BLOCK = 1 << 20;
/** Bytes of the head read at a time. */
const HEAD_STEP = 1 << 18;

type Index = Record<string, [number, number, string]>;

/**
 * A buffer that reads of entries reuse, for a caller done with each entry's bytes before it reads
 * the next (it decodes them, or hands them to a runtime that copies them): touching fresh memory is
 * most of what reading a pack costs (BENCHMARKS.md, Measured once), and a block kept for the
 * process is fresh memory.
 *
 * @example
 * const scratch = new Scratch();
 * const text = decoder.decode(pack.entry(key, scratch)?.[1]); // before the next read into scratch
 */
export class Scratch {
  #bytes = new Uint8Array(0);

  /** `length` bytes of the buffer, valid until the next call. */
  take(length: number): Uint8Array {
    if (length > this.#bytes.length) this.#bytes = new Uint8Array(Math.max(length, 2 * this.#bytes.length, 1 << 16));
    return this.#bytes.subarray(0, length);
  }
}

export interface Pack {
  /**
   * The tag and bytes of the entry under `key`; undefined when there is none or it points outside
   * the pack. With `scratch`, the bytes are read into it (valid until its next use), not kept.
   */
  entry(key: string, scratch?: Scratch): [tag: string, bytes: Uint8Array] | undefined;
  /** The tag of the entry under `key`, from the index alone. */
  tag(key: string): string | undefined;
  /** Lets go of the file, for a process that reads a pack once and goes on (an encode); entries already read stay. */
  close(): void;
  /** The index line as it is in the file ("" for an empty pack): what {@link packIndex} gives for its entries. */
  readonly index: string;
}

const EMPTY: Pack = { entry: () => undefined, tag: () => undefined, close: () => {}, index: "" };

/** An index entry `[start, end, tag]` that points inside a body of `size` bytes; anything else is a miss. */
function inBody(at: unknown, size: number): at is [number, number, string] {
  return (
    Array.isArray(at) &&
    typeof at[2] === "string" &&
    Number.isSafeInteger(at[0]) &&
    Number.isSafeInteger(at[1]) &&
    at[0] >= 0 &&
    at[0] <= at[1] &&
    at[1] <= size
  );
}

type Read = (start: number, end: number, scratch?: Scratch) => Uint8Array;

function lookup(line: string, index: object, size: number, read: Read, close: () => void = () => {}): Pack {
  const at = (key: string) => {
    const found = Object.hasOwn(index, key) ? (index as Partial<Index>)[key] : undefined;
    return inBody(found, size) ? found : undefined;
  };
  return {
    entry(key, scratch) {
      const found = at(key);
      return found ? [found[2], read(found[0], found[1], scratch)] : undefined;
    },
    tag: (key) => at(key)?.[2],
    close,
    index: line,
  };
}

/**
 * Where a project's pack of one kind lives in pxos's cache: `DIR/FOLDERS…/PROJECT.pack`, PROJECT the
 * first 16 hex digits of the SHA-256 of the manifest's (or cartridge's) path, hashed with `sha256`
 * (the runtime's own: node:crypto is a slow load on Bun).
 *
 * @example
 * packPath(cacheDir, ["sources"], manifestPath, platform.sha256) // ".../sources/3f2a9c1b7d4e8a60.pack"
 */
export function packPath(dir: string, folders: readonly string[], owner: string, sha256: (bytes: Uint8Array) => Uint8Array): string {
  return join(dir, ...folders, `${toHex(sha256(utf8.encode(owner))).slice(0, 16)}.pack`);
}

/**
 * A pack's index, its entries read on demand; an empty pack for one that is missing, damaged or of
 * another kind, or, with `verify`, whose index line does not hash to `verify.indexSha`.
 */
export function readPack(file: string, magic: string, verify?: { indexSha: string; platform: Pick<CodecPlatform, "sha256" | "sha256Hex"> }): Pack {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return EMPTY;
  }
  try {
    const size = fstatSync(fd).size;
    // The head: the magic line and the index line, read in growing steps until both end (one step
    // holds the index of a thousand modules).
    let head = new Uint8Array(0);
    let ends: number[] = [];
    while (ends.length < 2 && head.length < size) {
      const more = new Uint8Array(Math.min(size - head.length, Math.max(HEAD_STEP, head.length)));
      const n = readSync(fd, more, 0, more.length, head.length);
      if (n === 0) break;
      if (head.length === 0) head = more.subarray(0, n);
      else {
        const grown = new Uint8Array(head.length + n);
        grown.set(head);
        grown.set(more.subarray(0, n), head.length);
        head = grown;
      }
      const first = head.indexOf(10);
      ends = first < 0 ? [] : [first, head.indexOf(10, first + 1)].filter((at) => at >= 0);
    }
    const [first, second] = ends;
    if (first === undefined || second === undefined || fromUtf8.decode(head.subarray(0, first)) !== magic) return close(fd);
    const raw = head.subarray(first + 1, second);
    if (verify && sha256Hex(verify.platform, raw) !== verify.indexSha) return close(fd);
    const line = fromUtf8.decode(raw);
    const index: unknown = JSON.parse(line);
    if (typeof index !== "object" || index === null || Array.isArray(index)) return close(fd);
    const body = second + 1;
    // Kept open for the process: entries come from this file even if a save replaces it meanwhile.
    let open = true;
    const release = () => {
      if (open) closeSync(fd);
      open = false;
    };
    return lookup(line, index, size - body, blockReader(fd, body, size - body), release);
  } catch {
    return close(fd);
  }
}

/** Reads `into` full from `position` of the file, or up to its end. */
function readAt(fd: number, into: Uint8Array, position: number): Uint8Array {
  let at = 0;
  while (at < into.length) {
    const got = readSync(fd, into, at, into.length - at, position + at);
    if (got === 0) break;
    at += got;
  }
  return into.subarray(0, at);
}

/**
 * Entries read through blocks of the body, each read once: a run asks for hundreds of small entries,
 * mostly in the order the pack was written, and one read a block costs far less than one an entry
 * — unless the caller passes a {@link Scratch}: then one read an entry, into memory already touched.
 */
function blockReader(fd: number, offset: number, size: number): Read {
  const blocks = new Map<number, Uint8Array>();
  const block = (n: number): Uint8Array => {
    let bytes = blocks.get(n);
    if (!bytes) {
      bytes = readAt(fd, new Uint8Array(Math.min(BLOCK, size - n * BLOCK)), offset + n * BLOCK);
      blocks.set(n, bytes);
    }
    return bytes;
  };
  return (start, end, scratch) => {
    if (scratch) return readAt(fd, scratch.take(end - start), offset + start);
    const first = Math.floor(start / BLOCK);
    if (Math.floor(Math.max(start, end - 1) / BLOCK) === first) return block(first).subarray(start - first * BLOCK, end - first * BLOCK);
    const out = new Uint8Array(end - start);
    let at = 0;
    for (let n = first; at < out.length; n++) {
      const part = block(n).subarray(Math.max(0, start - n * BLOCK), end - n * BLOCK);
      if (part.length === 0) break;
      out.set(part, at);
      at += part.length;
    }
    return out.subarray(0, at);
  };
}

function close(fd: number): Pack {
  closeSync(fd);
  return EMPTY;
}

type Entries = Iterable<readonly [key: string, bytes: Uint8Array, tag: string]>;

/**
 * The index line a pack of these entries has, as {@link writePack} writes it: the same entries in
 * the same order give the same line, so a manifest can record its SHA-256 before the pack is written.
 */
export function packIndex(entries: Entries): string {
  return JSON.stringify(indexOf(entries));
}

function indexOf(entries: Entries): Index {
  const index: Index = {};
  let at = 0;
  for (const [key, bytes, tag] of entries) {
    index[key] = [at, at + bytes.length, tag];
    at += bytes.length;
  }
  return index;
}

/**
 * Writes a pack of `entries` (key, bytes, a tag kept in the index) atomically; returns it, held in
 * memory, or undefined when the folder is read-only or full (then the next run derives again).
 */
export function writePack(file: string, magic: string, entries: Entries): Pack | undefined {
  const list = [...entries];
  const index = indexOf(list);
  const line = JSON.stringify(index);
  const head = utf8.encode(`${magic}\n${line}\n`);
  // One copy of every entry: the file's bytes, whose body the returned pack reads.
  const whole = Buffer.concat([head, ...list.map(([, bytes]) => bytes)]);
  const body = whole.subarray(head.length);
  try {
    writeFileAtomic(file, whole);
  } catch {
    return undefined;
  }
  return lookup(line, index, body.length, (start, end) => body.subarray(start, end));
}
