/**
 * What `pxos encode` may create, replace and delete (docs/semantics.md, "What encode writes"):
 * it removes only images its own manifest named or a killed run of it journaled, and folders
 * those removals emptied inside an image folder of its own; it refuses, before writing anything,
 * whatever would give a manifest that cannot run.
 */
import { beforeEach, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeProject, Manifest, PixelModules, resolveOptions } from "@pxos/core";
import { DEFAULT_EXCLUDED_FILES } from "../../packages/core/src/project/index.ts";
import { codeOf } from "../support/errors.ts";
import { REPO, runtimeBinary } from "../support/runtimes.ts";
import { BIN, snapshot } from "./harness.ts";

const work = join(REPO, "tests", ".work", "encode-writes");
const app = join(work, "app");

function pxos(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(runtimeBinary("bun"), [BIN, ...args], { cwd: opts.cwd ?? work, env: { ...process.env, NO_COLOR: "1", ...opts.env }, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr.trimEnd() };
}

beforeEach(() => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(app, "src", "lib"), { recursive: true });
  writeFileSync(join(app, "package.json"), '{ "name": "app", "type": "module" }\n');
  writeFileSync(join(app, "src", "main.ts"), 'import { y } from "./lib/y.ts";\nconsole.log("y is", y);\n');
  writeFileSync(join(app, "src", "lib", "y.ts"), "export const y = 2;\n");
});

describe("encode deletes only what it wrote", () => {
  test("--out . (images beside the sources): node_modules, empty folders, .git and a user's .pxi stay", () => {
    for (const d of ["node_modules/dep", "emptydir", ".git/refs/tags", ".git/objects/info"]) mkdirSync(join(app, d), { recursive: true });
    writeFileSync(join(app, "node_modules", "dep", "x.pxi"), "a user's file");
    writeFileSync(join(app, "src", "mine.pxi"), "a user's file");
    const before = Object.keys(snapshot(app));
    encodeProject({ root: app, out: "." });
    const after = Object.keys(snapshot(app));
    expect(before.filter((p) => !after.includes(p))).toEqual([]);
    // A module gone and dropped (--prune): its image goes, its folder (the user's) stays, and so does every file pxos did not write.
    rmSync(join(app, "src", "lib", "y.ts"));
    const again = encodeProject({ root: app, out: ".", prune: true });
    expect(again.removed).toEqual(["src/lib/y.ts"]);
    expect(readdirSync(join(app, "src", "lib"))).toEqual([]);
    for (const kept of ["node_modules/dep/x.pxi", "src/mine.pxi", "emptydir", ".git/refs/tags", ".git/objects/info"])
      expect(existsSync(join(app, kept))).toBe(true);
  });

  test("in its own image folder, folders its removals emptied go; a folder or file it did not write stays", () => {
    encodeProject({ root: app });
    const images = join(app, "pixel_src_storage");
    mkdirSync(join(images, "user-empty"));
    writeFileSync(join(images, "src", "note.pxi"), "a user's file");
    rmSync(join(app, "src", "lib"), { recursive: true });
    encodeProject({ root: app, prune: true });
    expect(existsSync(join(images, "src", "lib"))).toBe(false);
    expect(existsSync(join(images, "user-empty"))).toBe(true);
    expect(existsSync(join(images, "src", "note.pxi"))).toBe(true);
  });

  test("--out outside the manifest's folder is refused before anything is written; a file there is untouched", () => {
    mkdirSync(join(work, "elsewhere"));
    writeFileSync(join(work, "elsewhere", "other.pxi"), "not pxos's");
    const before = snapshot(work);
    const r = pxos(["encode", "app", "--out", "../elsewhere"], { cwd: work });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^pxos: \S+elsewhere: the image folder lies outside the manifest's folder .* \[PATH_ESCAPE\]$/);
    expect(snapshot(work)).toEqual(before);
  });

  test("a manifest that names images elsewhere is honoured only for its own .pxi images: a hand-edited entry never deletes a source", () => {
    encodeProject({ root: app });
    const path = join(app, "pixel_manifest.json");
    const m = JSON.parse(readFileSync(path, "utf8"));
    m.modules["src/main.ts"].image = "src/main.ts";
    writeFileSync(path, JSON.stringify(m));
    encodeProject({ root: app });
    expect(existsSync(join(app, "src", "main.ts"))).toBe(true);
  });
});

describe("where the manifest and images go", () => {
  test("--manifest below the root: images go beside it, the root's own manifest is not a module, and the app runs", () => {
    encodeProject({ root: app });
    const r = pxos(["encode", ".", "--manifest", "sub/m.json"], { cwd: app });
    expect(r.code).toBe(0);
    const manifest = Manifest.load(join(app, "sub", "m.json"), { checkEntries: "now" });
    expect(manifest.keys()).toEqual(["package.json", "src/lib/y.ts", "src/main.ts"]);
    expect(manifest.entry("src/main.ts")?.image).toStartWith("pixel_src_storage/src/main.ts.");
    const pixels = PixelModules.open(resolveOptions({ manifest: join(app, "sub", "m.json") }));
    for (const key of manifest.keys()) expect(pixels.read(manifest.modulePath(key)).bytes.length).toBeGreaterThan(0);
    const run = spawnSync(runtimeBinary("bun"), ["--preload", join(REPO, "packages", "bun-plugin", "dist", "preload.mjs"), "src/main.ts"], {
      cwd: app,
      env: { ...process.env, PXOS_MANIFEST: "sub/m.json" },
      encoding: "utf8",
    });
    expect(run.stdout).toBe("y is 2\n");
  });

  test("left out by default: lockfiles, pxos's own outputs under any name, tool configuration; package.json stays; --include overrides", () => {
    for (const name of [
      "package-lock.json",
      "npm-shrinkwrap.json",
      "tsconfig.json",
      "tsconfig.build.json",
      "jsconfig.json",
      "deno.json",
      "biome.json",
      ".eslintrc.json",
    ])
      writeFileSync(join(app, name), "{}\n");
    writeFileSync(join(app, "src", "data.json"), '{ "a": 1 }\n');
    encodeProject({ root: app });
    encodeProject({ root: app, manifest: "other.json" }); // the first manifest is not a module of the second, nor the second of a third
    const keys = encodeProject({ root: app, manifest: "third.json" });
    expect(Manifest.load(keys.manifestPath).keys()).toEqual(["package.json", "src/data.json", "src/lib/y.ts", "src/main.ts"]);
    expect(DEFAULT_EXCLUDED_FILES).toContain("package-lock.json");
    const included = encodeProject({ root: app, manifest: "fourth.json", include: ["**/*.ts", "tsconfig.json"] });
    expect(Manifest.load(included.manifestPath).keys()).toEqual(["src/lib/y.ts", "src/main.ts", "tsconfig.json"]);
  });
});

describe("refused up front, by name, in one line", () => {
  test("a module over the pixel limit: TOO_LARGE with the limit named, nothing written; --exclude gets past it", () => {
    const big = join(app, "src", "big.js");
    writeFileSync(big, "");
    truncateSync(big, 230_000_000); // sparse: no disk, and never read
    const before = snapshot(app);
    const r = pxos(["encode", "app"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^pxos: \S+big\.js: the module is 230000000 bytes: its image would be \d+ pixels, over the limit of 67108864 pixels .* \[TOO_LARGE\]$/,
    );
    expect(snapshot(app)).toEqual(before);
    expect(pxos(["encode", "app", "--exclude", "**/big.js"]).code).toBe(0);
    const pack = pxos(["pack", "app", "--out", "app.pxc.png"]);
    expect(pack).toMatchObject({ code: 1, err: expect.stringMatching(/^pxos: \S+app: the modules hold \d+ bytes, more than the \d+ .* \[TOO_LARGE\]$/) });
    expect(existsSync(join(work, "app.pxc.png"))).toBe(false);
  });

  test("a file name that is not UTF-8 is refused by name; --exclude gets past it", () => {
    const name = Buffer.concat([Buffer.from(join(app, "src", "bad")), Buffer.from([0xff]), Buffer.from(".ts")]);
    writeFileSync(name, "export {}\n");
    expect(codeOf(() => encodeProject({ root: app }))).toBe("BAD_PATH");
    const r = pxos(["encode", "app"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^pxos: \S+src\/bad\uFFFD\.ts: the name "src\/bad\uFFFD\.ts" .* is not valid UTF-8: .* \[BAD_PATH\]$/);
    expect(existsSync(join(app, "pixel_manifest.json"))).toBe(false);
    expect(encodeProject({ root: app, exclude: ["src/bad*"] }).modules).toBe(3);
    // A folder whose name is not UTF-8: refused by name too, unless a glob covers what is in it.
    rmSync(name);
    const folder = Buffer.concat([Buffer.from(join(app, "lib")), Buffer.from([0xfe])]);
    mkdirSync(folder);
    writeFileSync(Buffer.concat([folder, Buffer.from("/x.ts")]), "export {}\n");
    expect(codeOf(() => encodeProject({ root: app }))).toBe("BAD_PATH");
    expect(encodeProject({ root: app, exclude: ["lib*/**"] }).modules).toBe(3);
  });

  test.skipIf(process.getuid?.() !== 0 || !existsSync("/usr/bin/setpriv"))(
    "an unreadable module (as an unprivileged user): IO, one line, nothing written",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "pxos-unreadable-"));
      const home = mkdtempSync(join(tmpdir(), "pxos-home-"));
      try {
        chmodSync(home, 0o777);
        chmodSync(dir, 0o777);
        mkdirSync(join(dir, "src"), { mode: 0o777 });
        writeFileSync(join(dir, "src", "a.ts"), "export {}\n");
        writeFileSync(join(dir, "src", "secret.ts"), "export {}\n", { mode: 0o000 });
        chmodSync(join(dir, "src"), 0o777);
        const r = spawnSync("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", runtimeBinary("bun"), BIN, "encode", dir], {
          encoding: "utf8",
          env: { ...process.env, NO_COLOR: "1", HOME: home },
        });
        expect(r.status).toBe(1);
        expect(r.stderr.trimEnd()).toMatch(/^pxos: \S+secret\.ts: cannot read the module: permission denied \(EACCES\) \[IO\]$/);
        expect(readdirSync(dir).sort()).toEqual(["src"]);
      } finally {
        for (const d of [dir, home]) rmSync(d, { recursive: true, force: true });
      }
    },
  );

  test("a root that is a file, a --manifest that is a folder, a missing root: each its code, nothing created", () => {
    const before = snapshot(work);
    expect(pxos(["encode", "app/package.json"]).err).toMatch(/^pxos: \S+package\.json: the project root is not a directory \[IO\]$/);
    expect(pxos(["encode", "app", "--manifest", "src"]).err).toMatch(/^pxos: \S+src: the manifest path is not a regular file.* \[IO\]$/);
    const missing = pxos(["encode", "nonexistent"]);
    expect(missing).toMatchObject({ code: 1, err: expect.stringMatching(/^pxos: \S+nonexistent: no such project directory \[NOT_FOUND\]$/) });
    expect(snapshot(work)).toEqual(before);
  });
});
