/** The `pxos` command line, run as a user would: a fresh process per call. */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Manifest } from "@pxos/core";
import { damageBytes } from "../support/damage.ts";
import { REPO, type RuntimeName, runtimeBinary } from "../support/runtimes.ts";

const BIN = join(REPO, "packages", "pxos", "bin", "pxos.mjs");
const work = join(REPO, "tests", ".work", "cli");
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
cpSync(join(REPO, "examples", "hello", "src"), join(work, "app", "src"), { recursive: true });

function pxos(args: string[], opts: { runtime?: RuntimeName; env?: Record<string, string> } = {}) {
  const run = spawnSync(runtimeBinary(opts.runtime ?? "bun"), [BIN, ...args], { cwd: work, env: { ...process.env, NO_COLOR: "1", ...opts.env } });
  return { code: run.status, out: run.stdout.toString(), err: run.stderr.toString(), raw: run.stdout };
}

describe("pxos", () => {
  test("--help lists the commands; no arguments is a usage error", () => {
    const help = pxos(["--help"]);
    expect(help.code).toBe(0);
    for (const name of ["encode", "decode", "info"]) expect(help.out).toContain(`  ${name}`);
    const none = pxos([]);
    expect(none.code).toBe(2);
    expect(none.out).toContain("Usage: pxos <command>");
  });

  test("--version prints the package version", () => {
    const { version } = JSON.parse(readFileSync(join(REPO, "packages", "pxos", "package.json"), "utf8"));
    expect(pxos(["--version"]).out).toBe(`${version}\n`);
  });

  test.each([
    [["frobnicate"], 'unknown command "frobnicate"'],
    [["encode", "--bogus"], "Unknown option '--bogus'"],
    [["encode", "--format", "gif"], "--format must be png or pxif"],
    [["encode", "--width", "wide"], "--width must be a whole number"],
    [["info"], "info takes one FILE"],
  ])("usage error %j exits 2 with one line", (args, message) => {
    const r = pxos(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });

  test("encode, info and decode work end to end, on Node 24 as on Bun", () => {
    for (const runtime of ["bun", "node24"] as const) {
      rmSync(join(work, "app", "pixel_src_storage"), { recursive: true, force: true });
      const encoded = pxos(["encode", "app", "--json"], { runtime });
      expect(encoded.code).toBe(0);
      const result = JSON.parse(encoded.out);
      expect(result.modules).toBe(6);
      expect(result.written).toHaveLength(6);
      const human = pxos(["encode", "app"], { runtime });
      expect(human.out).toContain("6 modules encoded (0 written, 6 unchanged, 0 removed)");
      const image = Manifest.load(join(work, "app", "pixel_manifest.json")).imagePath("src/greet.ts");
      const info = pxos(["info", image], { runtime });
      expect(info.out).toMatch(/format\s+png \(version 1\)/);
      expect(info.out).toMatch(/path\s+src\/greet\.ts/);
      expect(JSON.parse(pxos(["info", image, "--json"], { runtime }).out)).toMatchObject({ format: "png", loader: "ts", path: "src/greet.ts" });
      expect(pxos(["decode", image], { runtime }).raw.equals(readFileSync(join(work, "app/src/greet.ts")))).toBe(true);
      expect(pxos(["decode", image, "--out", "greet.copy.ts"], { runtime }).code).toBe(0);
      expect(readFileSync(join(work, "greet.copy.ts"), "utf8")).toBe(readFileSync(join(work, "app/src/greet.ts"), "utf8"));
    }
  });

  test("encode --format pxif writes pxOS images; decode reads them", () => {
    expect(pxos(["encode", "app", "--format", "pxif", "--out", "pxif-out", "--manifest", "pxif.json"]).code).toBe(0);
    const image = Manifest.load(join(work, "app", "pxif.json")).imagePath("src/greet.ts");
    expect(readFileSync(image).subarray(0, 4).toString()).toBe("PXIF");
    expect(pxos(["decode", image]).out).toBe(readFileSync(join(work, "app/src/greet.ts"), "utf8"));
  });

  test("a damaged image fails with one clear line (exit 1); PXOS_DEBUG=1 adds the stack", () => {
    pxos(["encode", "app"]);
    const good = Manifest.load(join(work, "app", "pixel_manifest.json")).imagePath("src/main.ts");
    writeFileSync(join(work, "bad.pxi"), damageBytes(readFileSync(good), "tamper"));
    const r = pxos(["decode", "bad.pxi"]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err.trim()).toBe("pxos: bad.pxi: SHA-256 of the decoded bytes does not match the image's checksum [CHECKSUM_MISMATCH]");
    expect(pxos(["decode", "bad.pxi"], { env: { PXOS_DEBUG: "1" } }).err).toContain("at ");
    expect(pxos(["decode", "nope.pxi"]).err.trim()).toBe("pxos: nope.pxi: no such file [NOT_FOUND]");
  });
});
