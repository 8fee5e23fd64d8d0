/** Small byte helpers shared by the codecs; big-endian, as both formats are. */

const DIGITS = "0123456789abcdef";
/** Built with a plain loop: `Array.from` with a callback and `padStart` cost a cold start several times as much (BENCHMARKS.md). */
const HEX: string[] = new Array(256);
for (let i = 0; i < 256; i++) HEX[i] = (DIGITS[i >> 4] as string) + (DIGITS[i & 15] as string);

export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i] as number];
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return bytes.length >= prefix.length && bytesEqual(bytes.subarray(0, prefix.length), prefix);
}

export function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Reads a u64 that must fit a JS number exactly; larger values are returned as Infinity so callers refuse them. */
export function readU64(dv: DataView, offset: number): number {
  const hi = dv.getUint32(offset);
  const lo = dv.getUint32(offset + 4);
  return hi >= 0x200000 ? Number.POSITIVE_INFINITY : hi * 0x1_0000_0000 + lo;
}

export function writeU64(dv: DataView, offset: number, value: number): void {
  dv.setUint32(offset, Math.floor(value / 0x1_0000_0000));
  dv.setUint32(offset + 4, value >>> 0);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true });

export const utf8 = {
  encode: (text: string): Uint8Array => encoder.encode(text),
  /** Throws on invalid UTF-8 rather than inventing replacement characters. */
  decode: (bytes: Uint8Array): string => strictDecoder.decode(bytes),
};
