/**
 * PXIF must match pxOS's Python PixelFS 1.0 byte for byte. The reference
 * here is an independent writer and reader in Python built from the layout
 * alone (`struct '>4s BB Q I I B 32s 9s'`, RGB rows zero-padded).
 */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeImage, encodeImage } from "@pxos/core";

const PY_WRITER = `
import hashlib, struct, sys
data = open(sys.argv[1], 'rb').read()
width = int(sys.argv[3])
pixels = (len(data) + 2) // 3
height = (pixels + width - 1) // width
header = struct.pack('>4s BB Q I I B 32s 9s', b'PXIF', 1, 0, len(data), width, height, 0, hashlib.sha256(data).digest(), b'\\x00' * 9)
open(sys.argv[2], 'wb').write(header + data + b'\\x00' * (width * height * 3 - len(data)))
`;

const PY_READER = `
import hashlib, struct, sys
raw = open(sys.argv[1], 'rb').read()
magic, major, minor, size, width, height, comp, checksum, _ = struct.unpack('>4s BB Q I I B 32s 9s', raw[:64])
data = raw[64:64 + size]
assert magic == b'PXIF' and (major, minor) == (1, 0) and comp == 0
assert len(raw) == 64 + width * height * 3
assert hashlib.sha256(data).digest() == checksum
sys.stdout.write(hashlib.sha256(data).hexdigest())
`;

const dir = mkdtempSync(join(tmpdir(), "pxos-pxif-"));
const python = (script: string, ...args: string[]) => {
  const run = spawnSync("python3", ["-c", script, ...args], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout;
};

describe("PXIF compatibility with pxOS", () => {
  test("golden header layout", () => {
    const data = new TextEncoder().encode("Hello, Pixel World! ");
    const image = encodeImage(data, { format: "pxif" });
    const dv = new DataView(image.buffer, image.byteOffset);
    expect(new TextDecoder().decode(image.subarray(0, 4))).toBe("PXIF");
    expect([image[4], image[5]]).toEqual([1, 0]);
    expect(dv.getBigUint64(6)).toBe(20n);
    expect(dv.getUint32(14)).toBe(1024);
    expect(dv.getUint32(18)).toBe(1);
    expect(image[22]).toBe(0);
    expect(Buffer.from(image.subarray(23, 55)).toString("hex")).toBe(createHash("sha256").update(data).digest("hex"));
    expect([...image.subarray(55, 64)]).toEqual(new Array(9).fill(0));
    expect(image.length).toBe(64 + 1024 * 3);
    expect(image.subarray(64, 84)).toEqual(data);
    expect(image.subarray(84).every((b) => b === 0)).toBe(true);
  });

  test("empty data: height 0, header only", () => {
    const image = encodeImage(new Uint8Array(0), { format: "pxif" });
    expect(image.length).toBe(64);
    expect(new DataView(image.buffer, image.byteOffset).getUint32(18)).toBe(0);
    expect(decodeImage(image).bytes.length).toBe(0);
  });

  test.each([
    [0, 1024],
    [1, 1024],
    [2, 7],
    [3, 1],
    [3071, 1024],
    [3073, 1024],
    [100_000, 333],
  ])("%i bytes at width %i: identical to the Python writer, and each reads the other's file", (size, width) => {
    const data = Uint8Array.from({ length: size }, (_, i) => (i * 131 + 17) & 0xff);
    const src = join(dir, `src-${size}-${width}`);
    const pyOut = join(dir, `py-${size}-${width}.pxi`);
    writeFileSync(src, data);
    python(PY_WRITER, src, pyOut, String(width));
    const ours = encodeImage(data, { format: "pxif", width });
    expect(Buffer.from(ours).equals(readFileSync(pyOut))).toBe(true);
    expect(decodeImage(readFileSync(pyOut)).bytes).toEqual(data);
    const oursPath = join(dir, `ours-${size}-${width}.pxi`);
    writeFileSync(oursPath, ours);
    expect(python(PY_READER, oursPath)).toBe(createHash("sha256").update(data).digest("hex"));
  });
});
