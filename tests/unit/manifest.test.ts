import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeImage, generateSigningKeys, isPxosError, Manifest, PixelModules, resolveOptions, signManifest, verifyManifestSignature } from "@pxos/core";
import { parseManifest, preverifyManifestSignature, serializeManifest } from "../../packages/core/src/manifest/index.ts";

const sha = "a".repeat(64);
const entry = { image: "img/a.ts.pxi", format: "png", size: 1, sha256: sha, loader: "ts" };
const manifestText = (modules: Record<string, unknown>, extra: Record<string, unknown> = {}) => JSON.stringify({ version: 1, root: ".", modules, ...extra });

function reason(text: string): string {
  try {
    parseManifest(text, "pixel_manifest.json");
    return "accepted";
  } catch (err) {
    expect(isPxosError(err, "BAD_MANIFEST")).toBe(true);
    expect((err as Error).message).toContain("pixel_manifest.json");
    return (err as Error).message;
  }
}

describe("manifest validation names the problem", () => {
  test.each([
    ["broken JSON", "{", "not valid JSON"],
    ["an array", "[]", "must be a JSON object"],
    ["version 2", JSON.stringify({ version: 2, modules: {} }), "unsupported manifest version 2"],
    ["no modules", JSON.stringify({ version: 1 }), '"modules" must be an object'],
    ["an absolute root", manifestText({}, { root: "/etc" }), '"root" must be a relative POSIX path'],
    ["a key with ..", manifestText({ "../x.ts": entry }), "not a relative path inside the project"],
    ["an absolute key", manifestText({ "/x.ts": entry }), "not a relative path inside the project"],
    ["an image escaping with ..", manifestText({ "a.ts": { ...entry, image: "../../etc/passwd" } }), "escapes the manifest's directory"],
    ["an absolute image", manifestText({ "a.ts": { ...entry, image: "/etc/passwd" } }), "escapes the manifest's directory"],
    ["a bad format", manifestText({ "a.ts": { ...entry, format: "gif" } }), 'format must be "png" or "pxif"'],
    ["a bad size", manifestText({ "a.ts": { ...entry, size: -1 } }), "size must be a non-negative integer"],
    ["a bad checksum", manifestText({ "a.ts": { ...entry, sha256: "xyz" } }), "sha256 must be 64 lowercase hex digits"],
    ["a bad loader", manifestText({ "a.ts": { ...entry, loader: "py" } }), 'unknown loader "py"'],
    ["derived forms as a list", manifestText({}, { derived: ["x"] }), '"derived" must map form names to 64 lowercase hex digits'],
    ["a derived form's bad checksum", manifestText({}, { derived: { bun: "xyz" } }), '"derived" must map form names'],
    ["a derived form's bad name", manifestText({}, { derived: { "../x": sha } }), '"derived" must map form names'],
    ["a negative release", manifestText({}, { release: -1 }), '"release" must be a non-negative integer'],
    ["a fractional release", manifestText({}, { release: 1.5 }), '"release" must be a non-negative integer'],
    ["a release as text", manifestText({}, { release: "3" }), '"release" must be a non-negative integer'],
  ])("%s", (_, text, expected) => {
    expect(reason(text)).toContain(expected);
  });

  test("derived forms named by their deriver are kept, byte for byte", () => {
    const text = manifestText({ "a.ts": entry }, { derived: { bun: sha, "stripped-amaro-1.1.11": sha } });
    const data = parseManifest(text, "m.json");
    expect(data.derived).toEqual({ bun: sha, "stripped-amaro-1.1.11": sha });
    expect(serializeManifest(data)).toBe(serializeManifest(JSON.parse(text)));
  });

  test('a module key "__proto__" is an entry like any other', () => {
    const data = parseManifest(
      manifestText(JSON.parse(`{"__proto__": {"image": "img/p.pxi", "format": "png", "size": 1, "sha256": "${sha}", "loader": "ts"}}`)),
      "m.json",
    );
    expect(Object.keys(data.modules)).toEqual(["__proto__"]);
    expect(new Manifest("/p/m.json", data).entry("__proto__")?.image).toBe("img/p.pxi");
  });

  test("a manifest without a release is release 0, and its bytes stay as they were", () => {
    const text = serializeManifest(parseManifest(manifestText({ "a.ts": entry }), "m.json"));
    expect(text).not.toContain("release");
    expect(Manifest.parse(text, "/p/m.json").release).toBe(0);
    expect(Manifest.parse(manifestText({}, { release: 4 }), "/p/m.json").release).toBe(4);
  });

  test("a valid manifest round-trips through serialize with sorted keys", () => {
    const data = parseManifest(manifestText({ "b.ts": entry, "a.ts": entry }), "m.json");
    const text = serializeManifest(data);
    expect(text.indexOf('"a.ts"')).toBeLessThan(text.indexOf('"b.ts"'));
    expect(text.endsWith("}\n")).toBe(true);
    expect(parseManifest(text, "m.json")).toEqual(data);
  });
});

describe("adapters check each entry when first used", () => {
  const dir = mkdtempSync(join(tmpdir(), "pxos-lazy-"));
  const load = (modules: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const file = join(dir, "pixel_manifest.json");
    writeFileSync(file, manifestText({ "good.ts": entry, ...modules }, extra));
    return Manifest.load(file, { checkEntries: "on use" });
  };
  const problem = (run: () => unknown): string => {
    try {
      run();
      return "accepted";
    } catch (err) {
      expect(isPxosError(err, "BAD_MANIFEST")).toBe(true);
      expect((err as Error).message).toContain(join(dir, "pixel_manifest.json"));
      return (err as Error).message;
    }
  };

  test.each([
    ["an image escaping with ..", { ...entry, image: "../../etc/passwd" }, 'image path "../../etc/passwd" escapes the manifest\'s directory'],
    ["a bad format", { ...entry, format: "gif" }, 'format must be "png" or "pxif"'],
    ["a bad size", { ...entry, size: -1 }, "size must be a non-negative integer"],
    ["a bad checksum", { ...entry, sha256: "xyz" }, "sha256 must be 64 lowercase hex digits"],
    ["not an object", 7, "entry must be an object"],
  ])("%s: the other modules still serve; that one is refused when used", (_, bad, expected) => {
    const manifest = load({ "a.ts": bad });
    expect(manifest.entry("good.ts")?.image).toBe(entry.image);
    expect(manifest.moduleCount).toBe(2);
    expect(problem(() => manifest.entry("a.ts"))).toContain(`module a.ts: ${expected}`);
  });

  test.each(["../x.ts", "/x.ts"])("a key %p is refused before any key becomes a path", (key) => {
    const manifest = load({ [key]: entry });
    expect(problem(() => manifest.keyOf(join(dir, "good.ts")))).toContain("not a relative path inside the project");
    expect(problem(() => manifest.keys())).toContain("not a relative path inside the project");
  });

  test("the file's JSON and top level are still checked at load", () => {
    expect(problem(() => load({}, { version: 2 }))).toContain("unsupported manifest version 2");
    expect(problem(() => load({}, { modules: [] }))).toContain('"modules" must be an object');
  });

  test("a bad derived index is refused at load, before any module is read", () => {
    expect(problem(() => load({}, { derived: { bun: "xyz" } }))).toContain('"derived" must map form names');
  });

  test('a module key "__proto__" is an entry like any other', () => {
    const manifest = load(JSON.parse(`{"__proto__": ${JSON.stringify({ ...entry, image: "img/p.pxi" })}}`));
    expect(manifest.keys()).toEqual(["__proto__", "good.ts"]);
    expect(manifest.entry("__proto__")?.image).toBe("img/p.pxi");
    expect(manifest.entry("constructor")).toBeUndefined();
  });
});

describe("images are found inside the manifest's directory only", () => {
  const dir = mkdtempSync(join(tmpdir(), "pxos-manifest-"));
  const outside = mkdtempSync(join(tmpdir(), "pxos-outside-"));
  const bytes = new TextEncoder().encode("export const a = 1;\n");
  const image = encodeImage(bytes, { loader: "ts", path: "a.ts" });
  const hex = new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
  writeFileSync(join(outside, "a.ts.pxi"), image);
  mkdirSync(join(dir, "img"), { recursive: true });
  const write = (imagePath: string) => {
    writeFileSync(join(dir, "pixel_manifest.json"), manifestText({ "a.ts": { ...entry, image: imagePath, size: bytes.length, sha256: hex } }));
    return PixelModules.open(resolveOptions({ manifest: join(dir, "pixel_manifest.json") }));
  };
  const codeOf = (run: () => unknown) => {
    try {
      run();
      return "ok";
    } catch (err) {
      return isPxosError(err) ? err.code : String(err);
    }
  };

  test("a symlink pointing outside is refused", () => {
    rmSync(join(dir, "img", "link.pxi"), { force: true });
    symlinkSync(join(outside, "a.ts.pxi"), join(dir, "img", "link.pxi"));
    expect(codeOf(() => write("img/link.pxi").read(join(dir, "a.ts")))).toBe("PATH_ESCAPE");
  });

  test("an image directory that is a symlink to outside is refused", () => {
    rmSync(join(dir, "linked"), { force: true });
    symlinkSync(outside, join(dir, "linked"));
    expect(codeOf(() => write("linked/a.ts.pxi").read(join(dir, "a.ts")))).toBe("PATH_ESCAPE");
  });

  test("a missing image names module and image", () => {
    const pixels = write("img/missing.pxi");
    try {
      pixels.read(join(dir, "a.ts"));
      throw new Error("read a missing image");
    } catch (err) {
      expect(isPxosError(err, "NOT_FOUND")).toBe(true);
      expect((err as Error).message).toContain("module a.ts");
      expect((err as Error).message).toContain("img/missing.pxi");
    }
  });

  test("an image inside reads back, verified against the manifest", () => {
    writeFileSync(join(dir, "img", "a.ts.pxi"), image);
    expect(write("img/a.ts.pxi").read(join(dir, "a.ts")).bytes).toEqual(bytes);
  });

  test("a missing manifest says to encode first", () => {
    expect(codeOf(() => Manifest.load(join(dir, "nope.json")))).toBe("NOT_FOUND");
  });
});

describe("a signature checked ahead with Web Crypto (preverifyManifestSignature)", () => {
  const dir = mkdtempSync(join(tmpdir(), "pxos-preverify-"));
  const manifest = join(dir, "pixel_manifest.json");
  const key = (name: string) => {
    const { privatePem, publicPem } = generateSigningKeys();
    writeFileSync(join(dir, `${name}.key`), privatePem);
    writeFileSync(join(dir, `${name}.key.pub`), publicPem);
    return { priv: join(dir, `${name}.key`), pub: join(dir, `${name}.key.pub`) };
  };
  const mine = key("mine");
  const other = key("other");
  const problem = (run: () => unknown): string => {
    try {
      run();
      return "accepted";
    } catch (err) {
      return (err as Error).message;
    }
  };
  const signed = (by: { priv: string }) => {
    writeFileSync(manifest, manifestText({ "a.ts": entry }));
    return signManifest(manifest, by.priv);
  };

  test("those very bytes pass, naming the signer as node:crypto names it", async () => {
    const signer = signed(mine);
    await preverifyManifestSignature(manifest, mine.pub);
    expect(verifyManifestSignature(manifest, readFileSync(manifest), mine.pub)).toBe(signer);
  });

  test("other manifest bytes than those checked are verified again, and refused", async () => {
    signed(mine);
    await preverifyManifestSignature(manifest, mine.pub);
    expect(problem(() => verifyManifestSignature(manifest, Buffer.from(`${readFileSync(manifest, "utf8")} `), mine.pub))).toBe(
      `${manifest}: the signature does not match: this changed after signing [BAD_SIGNATURE]`,
    );
  });

  test("a trusted key file replaced after the check is read again, and the signer refused", async () => {
    signed(mine);
    const trust = join(dir, "swapped.key.pub");
    writeFileSync(trust, readFileSync(mine.pub));
    await preverifyManifestSignature(manifest, trust);
    writeFileSync(trust, readFileSync(other.pub));
    expect(problem(() => verifyManifestSignature(manifest, readFileSync(manifest), trust))).toMatch(
      /\.sig: signed by key [0-9a-f]{16}, but the trusted key is [0-9a-f]{16} \[BAD_SIGNATURE\]$/,
    );
  });

  test.each([
    ["not JSON", "{"],
    ["JSON null", "null"],
    ["another algorithm", (file: Record<string, unknown>) => JSON.stringify({ ...file, algorithm: "rsa" })],
    ["no signature", (file: Record<string, unknown>) => JSON.stringify({ ...file, signature: undefined })],
    ["a public key that is not one", (file: Record<string, unknown>) => JSON.stringify({ ...file, publicKey: "AAAA" })],
  ])("a signature file of %s is refused, checked ahead or not", async (_, damage) => {
    signed(mine);
    const sig = `${manifest}.sig`;
    writeFileSync(sig, typeof damage === "string" ? damage : damage(JSON.parse(readFileSync(sig, "utf8"))));
    await preverifyManifestSignature(manifest, mine.pub);
    expect(problem(() => verifyManifestSignature(manifest, readFileSync(manifest), mine.pub))).toBe(`${sig}: not a pxos signature file [BAD_SIGNATURE]`);
  });

  test("a manifest signed by another key is not remembered: the synchronous check refuses it as before", async () => {
    signed(other);
    await preverifyManifestSignature(manifest, mine.pub);
    expect(problem(() => verifyManifestSignature(manifest, readFileSync(manifest), mine.pub))).toMatch(
      /\.sig: signed by key [0-9a-f]{16}, but the trusted key is [0-9a-f]{16} \[BAD_SIGNATURE\]$/,
    );
  });
});

describe("a folder's package.json is read only where it may name a pixel module", () => {
  const modules = { "pkg/package.json": { ...entry, loader: "json" }, "pkg/dist/lib.js": { ...entry, loader: "js" }, "src/deep/a.ts": entry };
  const manifest = new Manifest("/app/pixel_manifest.json", parseManifest(manifestText(modules), "/app/pixel_manifest.json"));

  test("the folders that hold modules: each from a module's up to the root", () => {
    for (const dir of ["/app", "/app/pkg", "/app/pkg/dist", "/app/src", "/app/src/deep"]) expect([dir, manifest.holdsFolder(dir)]).toEqual([dir, true]);
    for (const dir of ["/", "/ap", "/app/pk", "/app/lib", "/app/pkg/dist/lib.js", "/other"]) expect([dir, manifest.holdsFolder(dir)]).toEqual([dir, false]);
  });

  test("a relative import of a file on disk (a package's own) reads no <path>/package.json; a folder of pixel modules does", () => {
    const pixels = new PixelModules(manifest, resolveOptions({ cacheDir: false }));
    const asked: string[] = [];
    const read = pixels.packageJson.bind(pixels);
    pixels.packageJson = (dir) => {
      asked.push(dir);
      return dir === "/app/pkg" ? { main: "dist/lib.js" } : read(dir);
    };
    expect(pixels.resolve("./lodash-es/add.js", "/app/node_modules/x/index.js")).toBeUndefined();
    expect(pixels.resolve("./other", "/app/lib/index.js")).toBeUndefined();
    expect(asked).toEqual([]);
    expect(pixels.resolve("./pkg", "/app/main.cjs")).toBe("/app/pkg/dist/lib.js");
    expect(asked).toEqual(["/app/pkg"]);
  });
});
