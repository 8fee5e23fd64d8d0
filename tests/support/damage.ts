/** Ways to damage an image on disk, for tests that prove damaged pixels never run. */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { crc32, deflateSync, inflateSync } from "node:zlib";
import { encodeImage } from "@pxos/core";

export type Damage = "bitflip" | "truncate" | "tamper" | "forge" | "delete";

interface ChunkRef {
  type: string;
  start: number;
  length: number;
}

export function pngChunks(file: Uint8Array): ChunkRef[] {
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out: ChunkRef[] = [];
  for (let at = 8; at + 12 <= file.length; ) {
    const length = dv.getUint32(at);
    out.push({ type: String.fromCharCode(...file.subarray(at + 4, at + 8)), start: at, length });
    at += 12 + length;
  }
  return out;
}

/** A chunk with a correct length and CRC. */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  dv.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** Rebuild a PNG with one chunk's data replaced (CRC recomputed), or the chunk list edited. */
export function editChunk(file: Uint8Array, type: string, edit: (data: Uint8Array) => Uint8Array): Uint8Array {
  const ref = pngChunks(file).find((c) => c.type === type);
  if (!ref) throw new Error(`no ${type}`);
  const replaced = pngChunk(type, edit(new Uint8Array(file.subarray(ref.start + 8, ref.start + 8 + ref.length))));
  return Buffer.concat([file.subarray(0, ref.start), replaced, file.subarray(ref.start + 12 + ref.length)]);
}

/** Replace a PNG's image data with `edit(raw)` re-deflated, every CRC valid: only the SHA-256 can tell. */
export function rewriteIdat(file: Uint8Array, edit: (raw: Uint8Array) => Uint8Array): Uint8Array {
  return editChunk(file, "IDAT", (data) => deflateSync(edit(new Uint8Array(inflateSync(data)))));
}

export function damageBytes(file: Uint8Array, damage: Exclude<Damage, "delete">): Uint8Array {
  const copy = new Uint8Array(file);
  switch (damage) {
    case "bitflip": {
      const idat = pngChunks(copy).find((c) => c.type === "IDAT");
      const at = idat ? idat.start + 8 + (idat.length >> 1) : copy.length >> 1;
      copy[at] = (copy[at] ?? 0) ^ 0x10;
      return copy;
    }
    case "truncate":
      return copy.subarray(0, copy.length >> 1);
    case "tamper":
      return rewriteIdat(copy, (raw) => {
        raw[1] = (raw[1] ?? 0) ^ 0x01;
        return raw;
      });
    case "forge":
      return encodeImage(new TextEncoder().encode('console.log("FORGED CODE RAN");\n'), { loader: "ts" });
  }
}

export function damageFile(path: string, damage: Damage): void {
  if (damage === "delete") rmSync(path);
  else writeFileSync(path, damageBytes(readFileSync(path), damage));
}
