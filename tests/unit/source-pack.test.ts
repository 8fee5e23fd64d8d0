/**
 * core's pack of verified sources: a run whose images are as they were when last decoded reads the
 * pack instead of decoding them, yet only bytes with the manifest's SHA-256 ever come out, and an
 * image changed, damaged or removed since is decoded again and stops the run as before.
 */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeProject, isPxosError, Manifest } from "@pxos/core";
import { readPack, Scratch, writePack } from "../../packages/core/src/cache/pack.ts";
import { sourcePack } from "../../packages/core/src/cache/source-pack.ts";
import { nodePlatform } from "../../packages/core/src/io/platform-node.ts";
import { resolveOptions } from "../../packages/core/src/runtime/options.ts";
import { PixelModules } from "../../packages/core/src/runtime/pixel-modules.ts";
import { damageFile } from "../support/damage.ts";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

const work = join(REPO, "tests", ".work", "source-pack");

/** A project of two modules, encoded; its pack warmed by a run of its own that exits, as an app's does. */
function project(name: string): { root: string; cache: string; manifest: string; warm: () => void } {
  const root = join(work, name);
  const cache = join(work, `${name}-cache`);
  rmSync(root, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
  mkdirSync(join(root, "src"), { recursive: true });
  writeFileSync(join(root, "src", "a.js"), 'export const a = "from the pixels";\n');
  writeFileSync(join(root, "src", "b.js"), 'export const b = "b";\n');
  encodeProject({ root });
  const manifest = join(root, "pixel_manifest.json");
  const script = `const { PixelModules, resolveOptions } = await import(${JSON.stringify(join(REPO, "packages/core/dist/runtime.mjs"))});
const pixels = PixelModules.open(resolveOptions({ manifest: ${JSON.stringify(manifest)}, cacheDir: ${JSON.stringify(cache)} }));
for (const key of pixels.manifest.keys()) pixels.read(pixels.manifest.modulePath(key));`;
  const warm = () => expect(spawnSync(runtimeBinary("node24"), ["--input-type=module", "-e", script], { encoding: "utf8" }).status).toBe(0);
  return { root, cache, manifest, warm };
}

/** Opens the project with a codec that counts the images it inflates. */
function counting(manifest: string, cache: string | false) {
  let inflated = 0;
  const inflate = (data: Uint8Array, expected: number) => {
    inflated++;
    return nodePlatform.inflate(data, expected);
  };
  const platform = { ...nodePlatform, inflate };
  const pixels = PixelModules.open(resolveOptions({ manifest, cacheDir: cache }), platform);
  return { pixels, inflated: () => inflated, read: (rel: string) => new TextDecoder().decode(pixels.read(join(manifest, "..", rel)).bytes) };
}

describe("the pack of verified sources", () => {
  test("a later run reads the pack, not the images, and gets the same bytes", () => {
    const { root, cache, manifest, warm } = project("warm");
    warm();
    expect(readdirSync(join(cache, "sources"))).toHaveLength(1);
    const run = counting(manifest, cache);
    expect(run.read("src/a.js")).toBe(readFileSync(join(root, "src", "a.js"), "utf8"));
    expect(run.read("src/b.js")).toBe('export const b = "b";\n');
    expect(run.inflated()).toBe(0);
  });

  test("an image damaged, touched or removed since is decoded again: a damaged one still stops the run", () => {
    const { root, cache, manifest, warm } = project("changed");
    warm();
    const image = (rel: string) => PixelModules.open(resolveOptions({ manifest })).manifest.imagePath(rel);
    damageFile(image("src/a.js"), "bitflip");
    let error: unknown;
    try {
      counting(manifest, cache).read("src/a.js");
    } catch (err) {
      error = err;
    }
    expect(isPxosError(error)).toBe(true);
    // Touched, same bytes: decoded again, and served.
    const b = image("src/b.js");
    utimesSync(b, new Date(2001, 1, 1), new Date(2001, 1, 1));
    const touched = counting(manifest, cache);
    expect(touched.read("src/b.js")).toBe('export const b = "b";\n');
    expect(touched.inflated()).toBe(1);
    rmSync(b);
    expect(() => counting(manifest, cache).read("src/b.js")).toThrow("missing");
    expect(existsSync(join(root, "src", "a.js"))).toBe(true);
  });

  test("bytes in the pack other than the manifest's are never served: the image is decoded instead", () => {
    const { cache, manifest, warm } = project("tampered");
    warm();
    const [name] = readdirSync(join(cache, "sources"));
    const file = join(cache, "sources", name as string);
    const pack = readFileSync(file, "utf8");
    writeFileSync(file, pack.replace("from the pixels", "from the attacker"));
    const run = counting(manifest, cache);
    expect(run.read("src/a.js")).toBe('export const a = "from the pixels";\n');
    expect(run.inflated()).toBe(1);
    // A pack that is not one at all is a miss too.
    writeFileSync(file, "junk");
    expect(counting(manifest, cache).read("src/b.js")).toBe('export const b = "b";\n');
  });

  test("with the cache off nothing is written", () => {
    const { cache, manifest } = project("off");
    const run = counting(manifest, false);
    run.read("src/a.js");
    expect(run.inflated()).toBe(1);
    expect(existsSync(cache)).toBe(false);
  });

  test("an entry is kept only when the image did not change while it was read, and the pack keeps only the manifest's modules", () => {
    const { root, cache } = project("unit");
    const image = join(root, "img.png");
    writeFileSync(image, "one");
    const pack = sourcePack(cache, "owner", nodePlatform);
    const bytes = new TextEncoder().encode("module text");
    const sha = Buffer.from(nodePlatform.sha256(bytes)).toString("hex");
    const { keep } = pack.lookup(sha, image);
    writeFileSync(image, "two, longer");
    keep(bytes);
    pack.lookup(sha, join(root, "missing.png")).keep(bytes);
    pack.save([sha]);
    expect(existsSync(join(cache, "sources"))).toBe(false);
    pack.lookup(sha, image).keep(bytes);
    pack.save(["c".repeat(64)]);
    expect(sourcePack(cache, "owner", nodePlatform).lookup(sha, image).known).toBeUndefined();
    pack.lookup(sha, image).keep(bytes);
    pack.save([sha]);
    expect(sourcePack(cache, "owner", nodePlatform).lookup(sha, image).known).toEqual(bytes);
  });
});

describe("the pack layout both packs share", () => {
  test("an index longer than one read, entries read on demand; an entry past the end of a cut file is a miss", () => {
    const dir = join(work, "layout");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "many.pack");
    const entries = Array.from({ length: 20000 }, (_, i) => [`key-${i}`, new TextEncoder().encode(`entry ${i} `.repeat(i % 7)), `tag-${i}`] as const);
    expect(writePack(file, "pxos-test 1", entries)?.entry("key-5")?.[0]).toBe("tag-5");
    // Longer than two of the steps the head is read in.
    expect(readFileSync(file, "utf8").indexOf("\n", 12)).toBeGreaterThan(2 * 262144);
    const pack = readPack(file, "pxos-test 1");
    for (const [key, bytes, tag] of entries) expect(pack.entry(key)).toEqual([tag, bytes]);
    expect(pack.entry("key-20000")).toBeUndefined();
    expect(readPack(file, "pxos-other 1").entry("key-1")).toBeUndefined();
    const whole = readFileSync(file);
    writeFileSync(file, whole.subarray(0, whole.length - 10));
    const cut = readPack(file, "pxos-test 1");
    expect(cut.entry("key-19999")).toBeUndefined();
    expect(cut.entry("key-6")).toEqual(["tag-6", entries[6]?.[1] as Uint8Array]);
  });

  test("entries across and larger than the blocks the body is read in come out whole, in any order", () => {
    const file = join(work, "layout", "large.pack");
    const sizes = [700_000, 700_000, 2_500_000, 1, 0, 1_048_576, 300_000];
    const entries = sizes.map((n, i) => [`key-${i}`, Uint8Array.from({ length: n }, (_, k) => (k * 31 + i) & 255), `tag-${i}`] as const);
    writePack(file, "pxos-test 1", entries);
    const pack = readPack(file, "pxos-test 1");
    for (const i of [6, 2, 0, 5, 1, 4, 3, 2]) expect(pack.entry(`key-${i}`)).toEqual([`tag-${i}`, entries[i]?.[1] as Uint8Array]);
  });

  test("read into a scratch buffer, entries come out the same, each in the memory the one before had (grown for a larger one)", () => {
    const file = join(work, "layout", "scratch.pack");
    const sizes = [10, 3000, 2_500_000, 700, 0];
    const entries = sizes.map((n, i) => [`key-${i}`, Uint8Array.from({ length: n }, (_, k) => (k * 7 + i) & 255), `tag-${i}`] as const);
    writePack(file, "pxos-test 1", entries);
    const pack = readPack(file, "pxos-test 1");
    const scratch = new Scratch();
    const buffers = new Set<ArrayBufferLike>();
    for (const i of [1, 0, 3, 2, 3, 4, 0]) {
      const found = pack.entry(`key-${i}`, scratch);
      expect(found).toEqual([`tag-${i}`, entries[i]?.[1] as Uint8Array]);
      buffers.add(found?.[1].buffer as ArrayBufferLike);
    }
    // One buffer until the 2.5 MB entry, then one more: nothing read was kept.
    expect(buffers.size).toBe(2);
    expect(pack.entry("key-9", scratch)).toBeUndefined();
  });
});

/** A form for tests: the source in upper case. */
const upper = { form: "upper", derive: (source: Uint8Array) => new TextEncoder().encode(new TextDecoder().decode(source).toUpperCase()) };

/** `files` written to a fresh project under `name`, encoded with the `upper` form. */
function formsProject(name: string, files: Record<string, string>): { root: string; cacheDir: string } {
  const root = join(work, name, "app");
  const cacheDir = join(work, name, "cache");
  rmSync(join(work, name), { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(root, file), text);
  encodeProject({ root, cacheDir, derive: [upper] });
  return { root, cacheDir };
}

describe("an encode that carries derived forms over", () => {
  test("lets go of the earlier pack: encoding again and again in one process leaves no file open", () => {
    const { root, cacheDir } = formsProject("forms-fds", { "a.mjs": "export const a = 1;\n" });
    const open = () => readdirSync("/proc/self/fd").length;
    const before = open();
    for (let i = 0; i < 5; i++) encodeProject({ root, cacheDir, derive: [upper] });
    expect(open()).toBe(before);
    // Still carried over, not derived again: the pack holds the form tagged with its source.
    const { sha256 } = JSON.parse(readFileSync(join(root, "pixel_manifest.json"), "utf8")).modules["a.mjs"];
    const folder = join(cacheDir, "derived", "upper");
    expect(
      readPack(join(folder, readdirSync(folder).find((f) => f.endsWith(".pack")) as string), "pxos-derived 1")
        .tag("a.mjs")
        ?.split(" ")[1],
    ).toBe(sha256);
  });
});

describe("an encode that records the modules taking no form", () => {
  test("does not ask the deriver again for them until their source or the layout changes", () => {
    const { root, cacheDir } = formsProject("forms-none", { "a.mjs": "export const a = 1;\n", "b.mjs": "export const b = 2;\n" });
    const asked: string[] = [];
    // Declines b.mjs, as Deno's form declines a module esbuild reads otherwise: each refusal can cost a round trip to esbuild.
    const picky = {
      form: "picky",
      derive: (source: Uint8Array, { key }: { key: string }) => {
        asked.push(key);
        return key === "b.mjs" ? undefined : source;
      },
    };
    encodeProject({ root, cacheDir, derive: [picky] });
    expect(asked.sort()).toEqual(["a.mjs", "b.mjs"]);
    asked.length = 0;
    encodeProject({ root, cacheDir, derive: [picky] });
    expect(asked).toEqual([]);
    writeFileSync(join(root, "b.mjs"), "export const b = 3;\n");
    encodeProject({ root, cacheDir, derive: [picky] });
    expect(asked).toEqual(["b.mjs"]);
    asked.length = 0;
    // A module added changes the layout: every module is asked again.
    writeFileSync(join(root, "c.mjs"), "export const c = 4;\n");
    encodeProject({ root, cacheDir, derive: [picky] });
    expect(asked.sort()).toEqual(["a.mjs", "b.mjs", "c.mjs"]);
  });

  test("asks again for every module, and keeps no form, once the deriver's version changes", () => {
    const { root, cacheDir } = formsProject("forms-version", { "a.mjs": "export const a = 1;\n", "b.mjs": "export const b = 2;\n" });
    const asked: string[] = [];
    const versioned = (version: string, mark: string) => ({
      form: "versioned",
      version,
      derive: (source: Uint8Array, { key }: { key: string }) => {
        asked.push(key);
        return key === "b.mjs" ? undefined : new TextEncoder().encode(`${mark}${new TextDecoder().decode(source)}`);
      },
    });
    encodeProject({ root, cacheDir, derive: [versioned("1", "// one\n")] });
    encodeProject({ root, cacheDir, derive: [versioned("1", "// one\n")] });
    expect(asked.sort()).toEqual(["a.mjs", "b.mjs"]);
    asked.length = 0;
    encodeProject({ root, cacheDir, derive: [versioned("2", "// two\n")] });
    expect(asked.sort()).toEqual(["a.mjs", "b.mjs"]);
    const pixels = new PixelModules(Manifest.load(join(root, "pixel_manifest.json")), resolveOptions({ cacheDir }));
    expect(new TextDecoder().decode(pixels.read(join(root, "a.mjs"), { form: "versioned" }).bytes)).toStartWith("// two\n");
  });
});

describe("transient reads (core's Scratch: what an adapter decodes, or hands to a runtime that copies it)", () => {
  test("give what kept reads give, and a form that fails its check after the source was read leaves the source whole", () => {
    const sources = { "a.mjs": 'export const a = "a source";\n', "b.mjs": 'export const b = "b source, a little longer";\n' };
    const { root, cacheDir } = formsProject("transient", sources);
    const manifest = join(root, "pixel_manifest.json");
    const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    const open = () => PixelModules.open(resolveOptions({ manifest, cacheDir }));
    let pixels = open();
    for (const [name, source] of Object.entries(sources)) {
      const kept = pixels.read(join(root, name), { form: "upper" });
      expect(text(pixels.read(join(root, name), { form: "upper", transient: true }).bytes)).toBe(text(kept.bytes));
      expect(text(kept.bytes)).toBe(source.toUpperCase());
      expect(text(pixels.read(join(root, name), { transient: true }).bytes)).toBe(source);
    }
    // A's form damaged: its source comes from the pack of verified sources, then its form is read
    // and refused — into memory of its own, or the source handed out would be the damaged form.
    const folder = join(cacheDir, "derived", "upper");
    const pack = join(folder, readdirSync(folder)[0] as string);
    const bytes = readFileSync(pack);
    const at = bytes.indexOf("A SOURCE");
    bytes.write("X", at, "latin1");
    writeFileSync(pack, bytes);
    pixels = open();
    const a = pixels.read(join(root, "a.mjs"), { form: "upper", transient: true });
    expect(a.form).toBeUndefined();
    expect(text(a.bytes)).toBe(sources["a.mjs"]);
  });
});

describe("an encode keeps the sources of the images it writes", () => {
  const write = (root: string, name: string, text: string) => writeFileSync(join(root, "src", name), text);

  test("the first run after an encode that wrote most images decodes none it wrote, and gets the same bytes", () => {
    const { root, cache, manifest } = project("seeded");
    encodeProject({ root, cacheDir: cache }); // nothing written: the images are the first encode's
    expect(existsSync(join(cache, "sources"))).toBe(false);
    write(root, "a.js", 'export const a = "edited";\n');
    write(root, "c.js", 'export const c = "new";\n');
    expect(encodeProject({ root, cacheDir: cache }).written.sort()).toEqual(["src/a.js", "src/c.js"]);
    const run = counting(manifest, cache);
    expect(run.read("src/a.js")).toBe('export const a = "edited";\n');
    expect(run.read("src/c.js")).toBe('export const c = "new";\n');
    expect(run.inflated()).toBe(0);
    // One the encode kept, its pixels never checked by it, is decoded by the run as before.
    expect(run.read("src/b.js")).toBe('export const b = "b";\n');
    expect(run.inflated()).toBe(1);
  });

  test("an encode that wrote a few of many images leaves the pack as it was: the run decodes those", () => {
    const { root, cache, manifest } = project("seeded-few");
    write(root, "c.js", 'export const c = "c";\n');
    encodeProject({ root, cacheDir: cache }); // one of three written: not kept
    expect(existsSync(join(cache, "sources"))).toBe(false);
    write(root, "a.js", 'export const a = "edited";\n');
    expect(encodeProject({ root, cacheDir: cache }).written).toEqual(["src/a.js"]);
    expect(existsSync(join(cache, "sources"))).toBe(false);
    const run = counting(manifest, cache);
    expect(run.read("src/a.js")).toBe('export const a = "edited";\n');
    expect(run.inflated()).toBe(1);
  });

  test("an image changed after the encode is decoded, and a damaged one stops the run as before", () => {
    const { root, cache, manifest } = project("seeded-damaged");
    write(root, "a.js", 'export const a = "edited";\n');
    encodeProject({ root, cacheDir: cache });
    const image = join(root, JSON.parse(readFileSync(manifest, "utf8")).modules["src/a.js"].image);
    expect(counting(manifest, cache).read("src/a.js")).toBe('export const a = "edited";\n');
    damageFile(image, "bitflip");
    const run = counting(manifest, cache);
    let error: unknown;
    try {
      run.read("src/a.js");
    } catch (err) {
      error = err;
    }
    expect(isPxosError(error)).toBe(true);
  });
});
