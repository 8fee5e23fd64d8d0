/**
 * A cartridge whose PNG is intact but whose contents were mutated (header, bodies, trailer) must
 * fail with a PxosError, never a runtime TypeError, and never take more than pxos's limits allow.
 */
import { expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync } from "node:zlib";
import { decodeImage, encodeImage, isPxosError, PixelModules, readCartridge, resolveOptions } from "@pxos/core";

const header = { version: 1, entry: "src/a.ts", title: "t", modules: { "src/a.ts": { offset: 0, size: 10, sha256: "0".repeat(64), loader: "ts" } } };

function cartridge(archive: Uint8Array, compression: 0 | 1, declared = archive.length): Uint8Array {
  const payload = compression ? brotliCompressSync(archive) : archive;
  const trailer = new Uint8Array(16);
  trailer.set(new TextEncoder().encode("PXCA"));
  trailer[4] = 1;
  trailer[5] = compression;
  new DataView(trailer.buffer).setUint32(12, declared);
  return encodeImage(Buffer.concat([payload, trailer]), { width: 512 });
}

function archiveOf(json: string, body = "export {};"): Uint8Array {
  const h = new TextEncoder().encode(json);
  const out = Buffer.alloc(4 + h.length + body.length);
  out.writeUInt32BE(h.length, 0);
  out.set(h, 4);
  out.write(body, 4 + h.length);
  return out;
}

const outcome = (file: Uint8Array) => {
  try {
    readCartridge(file, "m.pxc.png");
    return "ok";
  } catch (err) {
    return isPxosError(err) ? err.code : `${(err as Error).name}: ${(err as Error).message}`;
  }
};

function withBadMagic(): Uint8Array {
  const data = new Uint8Array(decodeImage(cartridge(archiveOf(JSON.stringify(header)), 0)).bytes);
  data.set([0xff, 0xfe, 0xc3, 0x28], data.length - 16);
  return encodeImage(data, { width: 512 });
}

test("a trailer whose magic bytes are not UTF-8 is BAD_MAGIC, not a TypeError", () => {
  expect(outcome(withBadMagic())).toBe("BAD_MAGIC");
});

test("a declared archive beyond pxos's limit is refused before inflating, whatever the stream", () => {
  expect(outcome(cartridge(new Uint8Array(1 << 20), 1, 0xffffffff))).toBe("TOO_LARGE");
  expect(outcome(cartridge(new Uint8Array(64), 0, 0xffffffff))).toBe("TOO_LARGE");
});

test("headers of every wrong shape are BAD_MANIFEST", () => {
  const shapes = [
    "null",
    "[]",
    '"x"',
    '{"version":1,"modules":null}',
    '{"version":1,"modules":{"src/a.ts":null}}',
    '{"version":1,"modules":{"../a.ts":{"offset":0,"size":1,"sha256":"x","loader":"ts"}}}',
    '{"version":1,"modules":{},"entry":{"x":1}}',
    '{"version":1,"modules":{},"title":7}',
    '{"version":1,"modules":{"a.ts":{"offset":"0","size":1,"sha256":"x","loader":"ts"}}}',
    '{"version":1,"modules":{"a.ts":{"offset":0,"size":1,"sha256":5,"loader":"ts"}}}',
  ];
  for (const json of shapes) expect(`${json} → ${outcome(cartridge(archiveOf(json), 0))}`).toBe(`${json} → BAD_MANIFEST`);
  // Invalid UTF-8 inside the header JSON.
  const bad = archiveOf('{"version":1,"modules":{}}');
  bad[6] = 0xff;
  expect(outcome(cartridge(bad, 0))).toBe("BAD_MANIFEST");
});

test("random mutations of the archive and trailer only ever give a PxosError", () => {
  let seed = 20261130;
  const random = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const base = new Uint8Array(decodeImage(cartridge(archiveOf(JSON.stringify(header)), 0)).bytes);
  const seen = new Set<string>();
  for (let i = 0; i < 1500; i++) {
    const data = new Uint8Array(base);
    for (let n = 1 + Math.floor(random() * 3); n > 0; n--) data[Math.floor(random() * data.length)] = Math.floor(random() * 256);
    const result = outcome(encodeImage(data, { width: 512 }));
    expect(result).not.toMatch(/Error:/);
    seen.add(result);
  }
  expect(seen.size).toBeGreaterThan(2);
});

test("PixelModules.openCartridge on a mutated cartridge file throws a PxosError too", () => {
  const dir = join(import.meta.dirname, "..", ".work");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "mutated.pxc.png"), withBadMagic());
  expect(() => PixelModules.openCartridge(join(dir, "mutated.pxc.png"), resolveOptions())).toThrow(
    /: a pxos image, but not a cartridge \(no PXCA trailer\) \[BAD_MAGIC\]$/,
  );
});
