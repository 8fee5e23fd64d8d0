/** Cartridges: one PNG holding an app; deterministic, verified whole and per module, bounded before inflating. */
import { describe, expect, test } from "bun:test";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync } from "node:zlib";
import { decodeImage, encodeImage, generateSigningKeys, PixelModules, packCartridge, readCartridge, resolveOptions, signManifest } from "@pxos/core";
import { decode as decodePng } from "fast-png";
import { damageBytes } from "../support/damage.ts";
import { codeOf } from "../support/errors.ts";
import { REPO } from "../support/runtimes.ts";

const app = join(REPO, "tests", ".work", "cartridge-unit");
rmSync(app, { recursive: true, force: true });
cpSync(join(REPO, "examples", "hello", "src"), join(app, "src"), { recursive: true });

describe.each(["none", "brotli"] as const)("compression %s", (compression) => {
  const packed = packCartridge({ root: app, entry: "src/main.ts", title: "hello", compression });

  test("every module comes back exactly, with the entry and title", () => {
    const c = readCartridge(packed.image, "app.pxc.png");
    expect(c.header.entry).toBe("src/main.ts");
    expect(c.header.title).toBe("hello");
    expect([...c.modules.keys()]).toEqual(["src/config.json", "src/greet.ts", "src/lib/index.ts", "src/lib/planets.ts", "src/lib/table.ts", "src/main.ts"]);
    expect(new TextDecoder().decode(c.modules.get("src/greet.ts"))).toContain("export function greet");
  });

  test("deterministic: packing again gives identical bytes", () => {
    expect(packCartridge({ root: app, entry: "src/main.ts", title: "hello", compression }).image).toEqual(packed.image);
  });

  test("a damaged cartridge never yields a module", () => {
    for (const damage of ["bitflip", "truncate", "tamper"] as const) expect(codeOf(() => readCartridge(damageBytes(packed.image, damage), "x"))).not.toBe("ok");
  });
});

test("visible mode: the code is in the pixels, under a drawn label band", () => {
  const { image } = packCartridge({ root: app, entry: "src/main.ts", title: "hello" });
  const png = decodePng(image);
  expect(png.width).toBe(512);
  expect(Buffer.from(png.data).toString("latin1")).toContain("export function greet(audience: string)");
  expect([...png.data.subarray(0, 3)]).toEqual([24, 24, 32]); // the band's background
});

test("brotli is bounded by the declared length before it inflates, and a lying header is refused", () => {
  // A valid pxos image whose data claims to be a brotli cartridge of 10 bytes, holding a far larger stream.
  const bomb = brotliCompressSync(new Uint8Array(20_000_000));
  const trailer = new Uint8Array(16);
  trailer.set(new TextEncoder().encode("PXCA"));
  trailer[4] = 1;
  trailer[5] = 1;
  new DataView(trailer.buffer).setUint32(12, 10);
  const image = encodeImage(Buffer.concat([bomb, trailer]), { width: 512 });
  expect(codeOf(() => readCartridge(image, "bomb.pxc.png"))).toBe("BAD_ZLIB");
  expect(codeOf(() => readCartridge(encodeImage(new TextEncoder().encode("just a module")), "plain.pxi"))).toBe("BAD_MAGIC");
});

test("per-module checksums catch a module changed inside an otherwise valid cartridge", () => {
  const { image } = packCartridge({ root: app, entry: "src/main.ts" });
  const data = new Uint8Array(decodeImage(image).bytes);
  const at = Buffer.from(data).indexOf("export function greet");
  data[at] = "E".charCodeAt(0);
  expect(codeOf(() => readCartridge(encodeImage(data, { width: 512 }), "edited.pxc.png"))).toBe("CHECKSUM_MISMATCH");
});

test("PixelModules serves a cartridge's modules under its own path; an entry not packed is refused", () => {
  const file = join(app, "..", "cartridge-unit.pxc.png");
  mkdirSync(join(app, ".."), { recursive: true });
  writeFileSync(file, packCartridge({ root: app, entry: "src/main.ts" }).image);
  const pixels = PixelModules.openCartridge(file, resolveOptions());
  expect(pixels.manifest.root).toBe(file);
  expect(pixels.resolve("./lib/index.ts", join(file, "src", "main.ts"))).toBe(join(file, "src", "lib", "index.ts"));
  expect(codeOf(() => packCartridge({ root: app, entry: "src/missing.ts" }))).toBe("USAGE");
});

describe("the release a cartridge carries", () => {
  const header = (release?: number, previous?: ReturnType<typeof readCartridge>["header"]) =>
    readCartridge(packCartridge({ root: app, entry: "src/main.ts", release, previous }).image, "app.pxc.png").header;

  test("none without a previous cartridge; kept when nothing changed, one more when something did; never lower", () => {
    expect(header().release).toBeUndefined();
    const seven = header(7);
    expect(seven.release).toBe(7);
    expect(header(undefined, seven).release).toBe(7);
    const changed = { ...seven, entry: undefined };
    expect(header(undefined, changed).release).toBe(8);
    expect(codeOf(() => header(6, seven))).toBe("USAGE");
  });

  test("a signed release is refused below the minimum when the cartridge is opened", () => {
    const file = join(app, "..", "cartridge-release.pxc.png");
    writeFileSync(file, packCartridge({ root: app, entry: "src/main.ts", release: 3 }).image);
    const keys = generateSigningKeys();
    writeFileSync(`${file}.key`, keys.privatePem);
    writeFileSync(`${file}.pub`, keys.publicPem);
    signManifest(file, `${file}.key`);
    expect(PixelModules.openCartridge(file, resolveOptions({ trust: `${file}.pub`, trustMinRelease: 3 })).manifest.release).toBe(3);
    expect(codeOf(() => PixelModules.openCartridge(file, resolveOptions({ trust: `${file}.pub`, trustMinRelease: 4 })))).toBe("ROLLBACK");
  });
});

test("a project manifest pxos cannot read does not stop pack: it packs the files, as without one", () => {
  const dir = join(REPO, "tests", ".work", "cartridge-broken-manifest");
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(REPO, "examples", "hello", "src"), join(dir, "src"), { recursive: true });
  const plain = packCartridge({ root: dir, entry: "src/main.ts" }).image;
  writeFileSync(join(dir, "pixel_manifest.json"), JSON.stringify({ version: 1, root: ".", modules: { "src/main.ts": { size: -1 } } }));
  const packed = packCartridge({ root: dir, entry: "src/main.ts" });
  expect([packed.image, packed.fromPixels]).toEqual([plain, []]);
});
