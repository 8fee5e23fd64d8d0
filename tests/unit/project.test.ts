/** The project encoder: layout, determinism, incremental runs, cleanup and atomicity. */
import { beforeEach, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeProject, isPxosError, Manifest, PixelModules, PxosError, readImageInfo, replaceModuleSource, resolveOptions, writeFileAtomic } from "@pxos/core";
import { listModules, walkOrder } from "../../packages/core/src/project/walk.ts";
import { REPO } from "../support/runtimes.ts";

const work = join(REPO, "tests", ".work", "project");
const hello = join(REPO, "examples", "hello");

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    const abs = join(dir, name);
    if (statSync(abs).isFile()) out[name] = readFileSync(abs).toString("base64");
  }
  return out;
}

beforeEach(() => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  cpSync(join(hello, "src"), join(work, "src"), { recursive: true });
  mkdirSync(join(work, "node_modules", "dep"), { recursive: true });
  writeFileSync(join(work, "node_modules", "dep", "index.js"), "export {}\n");
  writeFileSync(join(work, "src", "types.d.ts"), "export type X = 1;\n");
  writeFileSync(join(work, "README.md"), "# not a module\n");
});

describe("encodeProject", () => {
  test("mirrors the source tree into images and writes a sorted manifest", () => {
    const result = encodeProject({ root: work });
    const manifest = Manifest.load(join(work, "pixel_manifest.json"));
    expect(manifest.keys()).toEqual(["src/config.json", "src/greet.ts", "src/lib/index.ts", "src/lib/planets.ts", "src/lib/table.ts", "src/main.ts"]);
    expect(result.modules).toBe(6);
    const greet = manifest.entry("src/greet.ts");
    expect(greet).toMatchObject({ image: `pixel_src_storage/src/greet.ts.${greet?.sha256.slice(0, 12)}.pxi`, format: "png", loader: "ts" });
    const info = readImageInfo(readFileSync(manifest.imagePath("src/greet.ts")));
    expect(info.path).toBe("src/greet.ts");
    const text = readFileSync(join(work, "pixel_manifest.json"), "utf8");
    expect(text.indexOf('"modules"')).toBeLessThan(text.indexOf('"root"'));
    expect(text).not.toMatch(/time|date/i);
  });

  test("deterministic: a fresh encode of the same sources gives identical bytes", () => {
    encodeProject({ root: work });
    const first = snapshot(work);
    rmSync(join(work, "pixel_src_storage"), { recursive: true });
    rmSync(join(work, "pixel_manifest.json"));
    encodeProject({ root: work });
    expect(snapshot(work)).toEqual(first);
  });

  test("incremental: unchanged sources are not rewritten, a changed one is, a deleted one loses its image with --prune", () => {
    encodeProject({ root: work });
    const tableImage = Manifest.load(join(work, "pixel_manifest.json")).imagePath("src/lib/table.ts");
    const greetImage = Manifest.load(join(work, "pixel_manifest.json")).imagePath("src/greet.ts");
    const again = encodeProject({ root: work });
    expect(again.written).toEqual([]);
    expect(again.unchanged.length).toBe(6);
    writeFileSync(join(work, "src", "greet.ts"), 'export const greet = (a: string) => "hi " + a;\n');
    rmSync(join(work, "src", "lib", "table.ts"));
    const third = encodeProject({ root: work, prune: true });
    expect(third.written).toEqual(["src/greet.ts"]);
    expect(third.removed).toEqual(["src/lib/table.ts"]);
    expect(third.fromPixels).toEqual([]);
    expect(existsSync(tableImage)).toBe(false);
    expect(existsSync(greetImage)).toBe(false); // the changed source's earlier image is gone too
    expect(
      new TextDecoder().decode(PixelModules.open(resolveOptions({ manifest: join(work, "pixel_manifest.json") })).read(join(work, "src/greet.ts")).bytes),
    ).toContain("hi ");
  });

  test("when no module's file is left, the modules stay from their pixels unasked: the manifest and images as they were, its forms derived from them", () => {
    const cache = join(work, "..", "project-cache");
    rmSync(cache, { recursive: true, force: true });
    const bunForm = { form: "bun", derive: (source: Uint8Array) => new TextEncoder().encode(`// @bun\n${new TextDecoder().decode(source)}`) };
    encodeProject({ root: work, derive: [bunForm], cacheDir: cache });
    rmSync(join(work, "src"), { recursive: true });
    const before = snapshot(work);
    // A fresh cache, as on a machine the project was copied to with its pixels only: the forms come from the images.
    rmSync(cache, { recursive: true, force: true });
    const again = encodeProject({ root: work, derive: [bunForm], cacheDir: cache });
    expect(again.fromPixels).toEqual(["src/config.json", "src/greet.ts", "src/lib/index.ts", "src/lib/planets.ts", "src/lib/table.ts", "src/main.ts"]);
    expect(again.removed).toEqual([]);
    expect(again.written).toEqual([]);
    expect(snapshot(work)).toEqual(before);
    const pixels = PixelModules.open(resolveOptions({ manifest: join(work, "pixel_manifest.json"), cacheDir: cache }));
    const greet = pixels.read(join(work, "src/greet.ts"), { form: "bun" });
    expect(greet.form).toBe("bun");
    expect(new TextDecoder().decode(greet.bytes)).toStartWith("// @bun\n");
    // Gone and left out by the selection now: the pixels are all there is of them, so only --prune drops them.
    const unchanged = snapshot(work);
    expect(() => encodeProject({ root: work, exclude: ["src/lib/**"] })).toThrow(
      /3 modules \(src\/lib\/index\.ts, src\/lib\/planets\.ts, src\/lib\/table\.ts\) live in pixels alone .*--prune.*\[PIXELS_ONLY\]$/,
    );
    expect(snapshot(work)).toEqual(unchanged);
    const pruned = encodeProject({ root: work, exclude: ["src/lib/**"], prune: true });
    expect(pruned.removed).toEqual(["src/config.json", "src/greet.ts", "src/lib/index.ts", "src/lib/planets.ts", "src/lib/table.ts", "src/main.ts"]);
    expect(readdirSync(join(work, "pixel_src_storage"))).toEqual([]);
  });

  test("a manifest encoded again for another root keeps none of the last root's modules, and loses none living in pixels alone without --prune", () => {
    encodeProject({ root: work });
    const again = () => encodeProject({ root: join(work, "node_modules"), manifest: join(work, "pixel_manifest.json") });
    const moved = again();
    expect([moved.fromPixels, moved.removed.length]).toEqual([[], 6]);
    encodeProject({ root: work, manifest: join(work, "pixel_manifest.json") });
    rmSync(join(work, "src", "greet.ts"));
    const before = snapshot(work);
    expect(again).toThrow(/module src\/greet\.ts lives in pixels alone .*the manifest was made for .*\[PIXELS_ONLY\]$/);
    expect(snapshot(work)).toEqual(before);
    const rerooted = encodeProject({ root: join(work, "node_modules"), manifest: join(work, "pixel_manifest.json"), prune: true });
    expect(rerooted.removed).toEqual(["src/config.json", "src/greet.ts", "src/lib/index.ts", "src/lib/planets.ts", "src/lib/table.ts", "src/main.ts"]);
    expect(Manifest.load(join(work, "pixel_manifest.json")).keys()).toEqual(["dep/index.js"]);
  });

  test("the same root through a link is the same root: its gone modules are kept", () => {
    encodeProject({ root: work });
    const link = join(work, "..", "project-link");
    rmSync(link, { force: true });
    symlinkSync(work, link);
    rmSync(join(work, "src", "greet.ts"));
    expect(encodeProject({ root: link, manifest: join(work, "pixel_manifest.json"), keep: true }).fromPixels).toEqual(["src/greet.ts"]);
  });

  test("a module whose file is gone among files that are there is asked about, never kept or dropped alone; nothing written", () => {
    encodeProject({ root: work });
    rmSync(join(work, "src", "greet.ts"));
    const before = snapshot(work);
    expect(() => encodeProject({ root: work })).toThrow(
      /: module src\/greet\.ts has no file any more, and the pixels may be all there is of it: pass --keep to keep it from the pixels, or --prune to drop it; nothing written \[PIXELS_ONLY\]$/,
    );
    expect(snapshot(work)).toEqual(before);
    expect(encodeProject({ root: work, keep: true }).fromPixels).toEqual(["src/greet.ts"]);
    expect(encodeProject({ root: work, prune: true }).removed).toEqual(["src/greet.ts"]);
  });

  test("a link or a file in place of a module's folder: the walk takes no file there (it never follows one), wherever the link leads", () => {
    encodeProject({ root: work });
    const outside = join(work, "..", "project-outside");
    rmSync(outside, { recursive: true, force: true });
    mkdirSync(outside);
    writeFileSync(join(outside, "index.ts"), "export {};\n");
    rmSync(join(work, "src", "lib"), { recursive: true });
    symlinkSync(outside, join(work, "src", "lib"));
    expect(() => encodeProject({ root: work })).toThrow(
      /3 modules \(src\/lib\/index\.ts, src\/lib\/planets\.ts, src\/lib\/table\.ts\) have no file any more.*\[PIXELS_ONLY\]$/,
    );
    rmSync(join(work, "src", "lib"));
    writeFileSync(join(work, "src", "lib"), "a file where the folder was\n");
    const r = encodeProject({ root: work, prune: true });
    expect([r.fromPixels, r.removed]).toEqual([[], ["src/lib/index.ts", "src/lib/planets.ts", "src/lib/table.ts"]]);
  });

  test("a kept module that a file on disk competes with for its import is named in a warning", () => {
    writeFileSync(join(work, "src", "util.js"), "module.exports = { old: true };\n");
    encodeProject({ root: work });
    rmSync(join(work, "src", "util.js"));
    mkdirSync(join(work, "src", "util"));
    writeFileSync(join(work, "src", "util", "index.js"), "module.exports = { old: false };\n");
    const r = encodeProject({ root: work, keep: true });
    expect(r.fromPixels).toEqual(["src/util.js"]);
    expect(r.warnings).toEqual(["src/util.js, kept from its pixels, and src/util/index.js on disk answer the same import; --prune drops the kept one"]);
  });

  test("a previous manifest that cannot be read is rebuilt, unless modules it names live in pixels alone", () => {
    encodeProject({ root: work });
    const path = join(work, "pixel_manifest.json");
    const broken = readFileSync(path, "utf8").replace(/"size": \d+/, '"size": -1');
    writeFileSync(path, broken);
    rmSync(join(work, "src", "greet.ts"));
    const before = snapshot(work);
    expect(() => encodeProject({ root: work })).toThrow(/cannot be read .*module src\/greet\.ts lives in pixels alone .*\[PIXELS_ONLY\]$/);
    expect(snapshot(work)).toEqual(before);
    expect(encodeProject({ root: work, prune: true }).warnings[0]).toStartWith("previous manifest unreadable, rebuilt from scratch");
  });

  test("a module kept from its pixels is held to the pixel limit in the width asked for, before anything is written", () => {
    encodeProject({ root: work });
    rmSync(join(work, "src"), { recursive: true });
    const before = snapshot(work);
    expect(() => encodeProject({ root: work, width: 67_108_865 })).toThrow(/\[TOO_LARGE\]$/);
    expect(snapshot(work)).toEqual(before);
  });

  test("a module whose source is gone and whose image is damaged or missing stops the encode before it writes anything", () => {
    encodeProject({ root: work });
    const manifest = Manifest.load(join(work, "pixel_manifest.json"));
    const image = manifest.imagePath("src/greet.ts");
    rmSync(join(work, "src", "greet.ts"));
    writeFileSync(join(work, "src", "main.ts"), "export const changed = 1;\n");
    const bytes = readFileSync(image);
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] as number) ^ 0xff;
    writeFileSync(image, bytes);
    const before = snapshot(work);
    const damaged = (() => {
      try {
        encodeProject({ root: work, keep: true });
      } catch (err) {
        return err;
      }
    })();
    expect(isPxosError(damaged)).toBe(true);
    expect(String((damaged as Error).message)).toContain("src/greet.ts");
    expect(String((damaged as Error).message)).toContain("--prune");
    expect(snapshot(work)).toEqual(before);
    rmSync(image);
    expect(() => encodeProject({ root: work, keep: true })).toThrow(
      /image of module src\/greet\.ts is missing, and the module has no file to take instead: .*--prune \[NOT_FOUND\]$/,
    );
    expect(encodeProject({ root: work, prune: true }).removed).toEqual(["src/greet.ts"]);
  });

  test("a changed format or width re-encodes", () => {
    encodeProject({ root: work });
    expect(encodeProject({ root: work, format: "pxif" }).written.length).toBe(6);
    expect(encodeProject({ root: work, format: "pxif", width: 16 }).written.length).toBe(6);
    expect(encodeProject({ root: work, format: "pxif", width: 16 }).written.length).toBe(0);
  });

  test("include and exclude globs, custom output and manifest locations", () => {
    const result = encodeProject({ root: work, out: "build/pixels", manifest: "build/pixels.json", include: ["src/lib/**"], exclude: ["**/index.ts"] });
    const manifest = Manifest.load(join(work, "build/pixels.json"));
    expect(manifest.keys()).toEqual(["src/lib/planets.ts", "src/lib/table.ts"]);
    expect(manifest.data.root).toBe("..");
    expect(manifest.entry("src/lib/table.ts")?.image).toStartWith("pixels/src/lib/table.ts.");
    expect(result.manifestPath).toBe(join(work, "build/pixels.json"));
    expect(PixelModules.open(resolveOptions({ manifest: join(work, "build/pixels.json") })).has(join(work, "src/lib/table.ts"))).toBe(true);
  });

  test("what a killed encode journaled in its lock is cleaned up; images and temp files it did not write stay", () => {
    encodeProject({ root: work });
    const dead = 999999;
    const orphan = join(work, "pixel_src_storage/src/greet.ts.0123456789ab.pxi");
    const leftover = `${orphan}.${dead}.0.pxos-tmp`;
    const manifestTemp = join(work, `pixel_manifest.json.${dead}.3.pxos-tmp`);
    const userImage = join(work, "pixel_src_storage/src/mine.pxi");
    const otherTemp = `${orphan}.123.0.pxos-tmp`;
    for (const f of [orphan, leftover, manifestTemp, userImage, otherTemp]) writeFileSync(f, "x");
    writeFileSync(join(work, "pixel_manifest.json.lock"), `${dead}\n${JSON.stringify({ path: orphan, pid: dead })}\n`);
    encodeProject({ root: work });
    for (const f of [orphan, leftover, manifestTemp]) expect(existsSync(f)).toBe(false);
    for (const f of [userImage, otherTemp]) expect(existsSync(f)).toBe(true);
  });

  test("a previous manifest pxos cannot read is replaced, with a warning; a file that is no manifest at all is refused", () => {
    writeFileSync(join(work, "pixel_manifest.json"), JSON.stringify({ version: 1, root: ".", modules: { "a.ts": 1 } }));
    const result = encodeProject({ root: work });
    expect(result.warnings[0]).toContain("BAD_MANIFEST");
    expect(Manifest.load(join(work, "pixel_manifest.json")).moduleCount).toBe(6);
    writeFileSync(join(work, "notes.json"), "{ not json");
    expect(() => encodeProject({ root: work, manifest: "notes.json" })).toThrow(/notes.json: this file is not a pxos manifest.*\[BAD_MANIFEST\]/);
    expect(readFileSync(join(work, "notes.json"), "utf8")).toBe("{ not json");
  });
});

describe("replaceModuleSource (pxos view's Save, the REPL's .edit)", () => {
  const edit = (key: string, text: string) => replaceModuleSource(join(work, "pixel_manifest.json"), key, new TextEncoder().encode(text));

  test("a module's file that held what its pixels held gets the edit too (its mode kept), so the next encode keeps it", () => {
    encodeProject({ root: work });
    chmodSync(join(work, "src", "greet.ts"), 0o664);
    const made = edit("src/greet.ts", "export const greet = () => 'edited';\n");
    expect(made.file).toBe("updated");
    expect(readFileSync(join(work, "src", "greet.ts"), "utf8")).toBe("export const greet = () => 'edited';\n");
    // 0o664 under the usual umask of 022: the mode is the file's, not what a new file would get.
    expect(statSync(join(work, "src", "greet.ts")).mode & 0o777).toBe(0o664);
    const again = encodeProject({ root: work });
    expect(again.written).toEqual([]);
    expect(Manifest.load(join(work, "pixel_manifest.json")).entry("src/greet.ts")?.sha256).toBe(made.entry.sha256);
  });

  test("a file that held other code is left as it is (the caller warns); a module without one gets none", () => {
    encodeProject({ root: work });
    writeFileSync(join(work, "src", "greet.ts"), "export const greet = () => 'mine, not encoded yet';\n");
    expect(edit("src/greet.ts", "export const greet = () => 'edited';\n")).toMatchObject({ file: "left", why: "it held other code than the pixels" });
    expect(readFileSync(join(work, "src", "greet.ts"), "utf8")).toBe("export const greet = () => 'mine, not encoded yet';\n");
    rmSync(join(work, "src", "main.ts"));
    expect(edit("src/main.ts", "console.log(1);\n").file).toBe("none");
    expect(existsSync(join(work, "src", "main.ts"))).toBe(false);
  });

  test("never through a link: a module's folder that is a link leaves its file as it is, wherever it leads", () => {
    encodeProject({ root: work });
    const outside = join(work, "..", "project-edit-outside");
    rmSync(outside, { recursive: true, force: true });
    cpSync(join(work, "src", "lib"), outside, { recursive: true });
    rmSync(join(work, "src", "lib"), { recursive: true });
    symlinkSync(outside, join(work, "src", "lib"));
    const before = readFileSync(join(outside, "table.ts"), "utf8");
    expect(edit("src/lib/table.ts", "export const table = () => '';\n")).toMatchObject({ file: "left", why: expect.stringContaining("link") });
    expect(readFileSync(join(outside, "table.ts"), "utf8")).toBe(before);
  });
});

test("walkOrder sorts paths as the walk lists them (a kept module takes its place among the files there)", () => {
  const listed = listModules(join(REPO, "packages"));
  expect(listed.length).toBeGreaterThan(100);
  expect([...listed].reverse().sort(walkOrder)).toEqual(listed);
  expect([...listed].sort()).not.toEqual(listed); // plain string order differs ("a-b.ts" before "a/x.ts"), so the test can tell
});

test("an interrupted write leaves the previous file intact", () => {
  const target = join(work, "big.bin");
  writeFileSync(target, "old content");
  const script = `import { writeFileAtomic } from "@pxos/core"; writeFileAtomic(${JSON.stringify(target)}, new Uint8Array(400 * 1024 * 1024).fill(7));`;
  for (const delay of [20, 60, 120]) {
    const child = spawnSync("bash", ["-c", `"${process.execPath}" -e '${script}' & pid=$!; sleep ${delay / 1000}; kill -9 $pid; wait $pid`], { cwd: REPO });
    expect(child.status).not.toBe(0);
    const size = statSync(target).size;
    expect(size === "old content".length || size === 400 * 1024 * 1024).toBe(true);
    if (size === "old content".length) expect(readFileSync(target, "utf8")).toBe("old content");
  }
});

test("a write under a path that cannot be a directory fails with one IO error, whatever the runtime's cleanup says", () => {
  expect(() => writeFileAtomic("/dev/null/x/y.pxi", new Uint8Array(1))).toThrow(/\[IO\]/);
  try {
    writeFileAtomic("/dev/null/x/y.pxi", new Uint8Array(1));
  } catch (err) {
    expect(isPxosError(err, "IO")).toBe(true);
    expect((err as Error).message).toStartWith("/dev/null/x/y.pxi: cannot write:");
  }
});

test("an error naming a path that holds a control character stays one line", () => {
  const err = new PxosError("NOT_FOUND", "gone", "/app/src/a\nFAKE: 0 modules\u001b[2J.ts");
  expect(err.message).toBe("/app/src/a\\nFAKE: 0 modules\\u001b[2J.ts: gone [NOT_FOUND]");
});
