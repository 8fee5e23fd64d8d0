/**
 * The file layout both of pxos's packs share: one magic line, one line of JSON index, then every
 * entry's bytes back to back, so a start-up reads one file instead of one per module.
 *
 *   pack = MAGIC LF · index JSON LF · bodies
 *
 * @example
 * const { index, body } = readPack(file, "pxos-sources 1"); // empty when missing or not such a pack
 */
import { readFileSync } from "node:fs";
import { writeFileAtomic } from "../io/atomic.ts";

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** A pack's index and body; an empty one for a pack that is missing, damaged or of another kind. */
export function readPack<I>(file: string, magic: string): { index: Partial<I>; body: Uint8Array } {
  const empty = { index: {}, body: new Uint8Array(0) };
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch {
    return empty;
  }
  const head = bytes.indexOf(10);
  const end = bytes.indexOf(10, head + 1);
  if (head < 0 || end < 0 || fromUtf8.decode(bytes.subarray(0, head)) !== magic) return empty;
  try {
    const index = JSON.parse(fromUtf8.decode(bytes.subarray(head + 1, end)));
    return typeof index === "object" && index !== null && !Array.isArray(index) ? { index, body: bytes.subarray(end + 1) } : empty;
  } catch {
    return empty;
  }
}

/**
 * Writes a pack of `entries` (key, bytes, a tag kept in the index) atomically; returns it as
 * {@link readPack} would read it, or undefined when the folder is read-only or full (then the next
 * run derives again).
 */
export function writePack(
  file: string,
  magic: string,
  entries: Iterable<readonly [string, Uint8Array, string]>,
): { index: Record<string, [number, number, string]>; body: Uint8Array } | undefined {
  const index: Record<string, [number, number, string]> = {};
  const bodies: Uint8Array[] = [];
  let at = 0;
  for (const [key, bytes, tag] of entries) {
    index[key] = [at, at + bytes.length, tag];
    bodies.push(bytes);
    at += bytes.length;
  }
  try {
    writeFileAtomic(file, Buffer.concat([utf8.encode(`${magic}\n${JSON.stringify(index)}\n`), ...bodies]));
    return { index, body: Buffer.concat(bodies) };
  } catch {
    return undefined;
  }
}

/** An entry `[start, end, …]` of an index that points inside the body; anything else is a miss. */
export function inBody(at: unknown, body: Uint8Array): at is [number, number, string] {
  return (
    Array.isArray(at) &&
    typeof at[2] === "string" &&
    Number.isSafeInteger(at[0]) &&
    Number.isSafeInteger(at[1]) &&
    at[0] >= 0 &&
    at[0] <= at[1] &&
    at[1] <= body.length
  );
}
