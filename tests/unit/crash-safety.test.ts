/**
 * Crash safety, by force: `pxos encode` is SIGKILLed at seeded random moments
 * while re-encoding a project; after every kill the manifest and every image
 * it names agree (the old state or the new, never a mix), and the next encode
 * repairs what the killed one left. Concurrent encodes are serialized.
 */
import { describe, expect, test } from "bun:test";
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeProject, isPxosError, Manifest, PixelModules, resolveOptions } from "@pxos/core";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

const BIN = join(REPO, "packages", "pxos", "bin", "pxos.mjs");
const root = join(REPO, "tests", ".work", "crash-safety");
const MODULES = 240;

/** Version `v` of module `i`: ~2 KB of TypeScript whose text says which version it is. */
const source = (i: number, v: number) => `// module ${i} version ${v}\n${`export const value${i}_${v}: number = ${i * 1000 + v};\n`.repeat(40)}`;

function writeVersion(v: number, every: number): void {
  for (let i = 0; i < MODULES; i += every) writeFileSync(join(root, "src", `m${i}.ts`), source(i, v));
}

/** A small, seeded PRNG: the kill moments are reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function killEncodeAfter(ms: number): Promise<number | null> {
  return new Promise((resolveExit) => {
    const child = spawn(runtimeBinary("bun"), [BIN, "encode", root, "--json"], { stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), ms);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolveExit(code);
    });
  });
}

/** Every module the manifest names decodes, verified, to a whole version of its source. */
function assertConsistent(): void {
  const pixels = PixelModules.open(resolveOptions({ manifest: join(root, "pixel_manifest.json") }));
  expect(pixels.manifest.moduleCount).toBe(MODULES);
  for (const key of pixels.manifest.keys()) {
    const text = new TextDecoder().decode(pixels.read(pixels.manifest.modulePath(key)).bytes);
    const [, i, v] = text.match(/^\/\/ module (\d+) version (\d+)\n/) ?? [];
    expect(text).toBe(source(Number(i), Number(v)));
  }
}

describe("crash safety", () => {
  test("SIGKILL at random moments never leaves a manifest and images that disagree", async () => {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(join(root, "src"), { recursive: true });
    writeVersion(0, 1);
    encodeProject({ root });
    const random = mulberry32(20261128);
    let interrupted = 0;
    for (let round = 1; round <= 16; round++) {
      writeVersion(round, 1 + (round % 3));
      const code = await killEncodeAfter(10 + Math.floor(random() * 400));
      if (code !== 0) interrupted++;
      assertConsistent();
    }
    expect(interrupted).toBeGreaterThan(4);
    const repaired = encodeProject({ root });
    expect(repaired.modules).toBe(MODULES);
    assertConsistent();
    const files = readdirSync(join(root, "pixel_src_storage", "src"));
    expect(files.filter((f) => f.endsWith(".pxos-tmp"))).toEqual([]);
    expect(files.length).toBe(MODULES);
  }, 120_000);

  test("a second encode while one holds the lock fails clearly; a dead holder's lock is taken over", () => {
    const lock = join(root, "pixel_manifest.json.lock");
    writeFileSync(lock, String(process.pid));
    try {
      encodeProject({ root });
      throw new Error("encoded under a held lock");
    } catch (err) {
      expect(isPxosError(err, "LOCKED")).toBe(true);
      expect((err as Error).message).toContain(`another pxos encode (pid ${process.pid}) is writing this project`);
    }
    writeFileSync(lock, "999999");
    expect(encodeProject({ root }).modules).toBe(MODULES);
    expect(readdirSync(root)).not.toContain("pixel_manifest.json.lock");
    expect(Manifest.load(join(root, "pixel_manifest.json")).moduleCount).toBe(MODULES);
  });
});
