/** The `pxos` commands that work on an encoded project, run as a user would. */
import { beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeProject, Manifest } from "@pxos/core";
import { decode as decodePng } from "fast-png";
import { damageBytes, damageFile } from "../support/damage.ts";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

const BIN = join(REPO, "packages", "pxos", "bin", "pxos.mjs");
const app = join(REPO, "tests", ".work", "cli-project");
const PATH_WITH_RUNTIMES = [join(REPO, "node_modules", "node24", "bin"), join(REPO, "node_modules", ".bin"), process.env.PATH].join(":");

function pxos(args: string[], cwd = app, env: Record<string, string> = {}) {
  const run = spawnSync(runtimeBinary("bun"), [BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1", PATH: PATH_WITH_RUNTIMES, DENO_DIR: join(REPO, ".deno"), ...env },
  });
  return { code: run.status, out: run.stdout.toString(), err: run.stderr.toString() };
}

function fresh(): void {
  rmSync(app, { recursive: true, force: true });
  cpSync(join(REPO, "examples", "hello"), app, { recursive: true, filter: (p) => !p.includes("pixel_") && !p.endsWith("importmap.json") });
  // biome-ignore lint/suspicious/noTemplateCurlyInString: source text of a module under test
  writeFileSync(join(app, "exit.ts"), 'console.log(`args: ${process.argv.slice(2).join(" ")}`);\nprocess.exit(Number(process.argv[2] ?? 0));\n');
  encodeProject({ root: app });
}

beforeAll(fresh);

describe("list and stats", () => {
  test("list shows every module and the totals", () => {
    const r = pxos(["list"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/src\/greet\.ts\s+\d+ B\s+\d+ B\s+pixel_src_storage\/src\/greet\.ts\.[0-9a-f]{12}\.pxi/);
    expect(r.out).toContain("9 modules");
    const json = JSON.parse(pxos(["list", "--json"]).out);
    expect(json.totals.modules).toBe(9);
    expect(json.totals.size).toBe(json.modules.reduce((n: number, m: { size: number }) => n + m.size, 0));
  });

  test("stats reports the seed's figures and the image ratio", () => {
    const s = JSON.parse(pxos(["stats", "--json"]).out);
    expect(s).toMatchObject({ installed: true, totalModules: 9, manifestPath: join(app, "pixel_manifest.json"), formats: { png: 9 } });
    expect(s.ratio).toBeCloseTo(s.imageBytes / s.totalBytes, 6);
    expect(pxos(["stats"]).out).toMatch(/modules\s+9/);
  });
});

describe("inspect", () => {
  test("shows image, checksum, first bytes and numbered lines", () => {
    const r = pxos(["inspect", "src/greet.ts"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/image\s+pixel_src_storage\/src\/greet\.ts\.[0-9a-f]{12}\.pxi/);
    expect(r.out).toContain("6578706f7274"); // "export"
    expect(r.out).toContain("1 │ export function greet(audience: string): string {");
    const json = JSON.parse(pxos(["inspect", join(app, "src", "greet.ts"), "--json"]).out);
    expect(json).toMatchObject({ module: "src/greet.ts", format: "png", lines: 3 });
    expect(json.firstLines[2]).toBe("}");
  });

  test("an unknown module fails and lists the available ones", () => {
    const r = pxos(["inspect", "src/nope.ts"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("no module src/nope.ts in the pixels; available:");
    expect(r.err).toContain("  src/greet.ts");
  });
});

describe("verify", () => {
  test("a sound project verifies", () => {
    fresh();
    const r = pxos(["verify"]);
    expect([r.code, r.out]).toEqual([0, "ok: 9 modules verified, unsigned\n"]);
  });

  test("damaged images, stale sources and orphan images are all reported, exit 1", () => {
    fresh();
    damageFile(Manifest.load(join(app, "pixel_manifest.json")).imagePath("src/greet.ts"), "bitflip");
    writeFileSync(join(app, "src/lib/table.ts"), "export const table = () => 'edited';\n");
    writeFileSync(join(app, "pixel_src_storage/src/old.ts.pxi"), "left over");
    const r = pxos(["verify", "--json"]);
    expect(r.code).toBe(1);
    const problems = JSON.parse(r.out).problems.map((p: { kind: string; module?: string; file: string }) => [p.kind, p.module ?? p.file.slice(app.length + 1)]);
    expect(problems).toEqual([
      ["damaged", "src/greet.ts"],
      ["stale", "src/lib/table.ts"],
      ["orphan", "pixel_src_storage/src/old.ts.pxi"],
    ]);
    expect(pxos(["verify"]).out).toContain("3 problems in 9 modules");
  });
});

describe("extract", () => {
  test("writes the pixels back as a tree equal to the sources", () => {
    fresh();
    const out = join(app, "..", "cli-extracted");
    rmSync(out, { recursive: true, force: true });
    expect(pxos(["extract", "--out", out]).code).toBe(0);
    for (const file of ["boot.ts", "src/main.ts", "src/lib/table.ts", "src/config.json"]) {
      expect(readFileSync(join(out, file), "utf8")).toBe(readFileSync(join(app, file), "utf8"));
    }
  });

  test("refuses to overwrite without --force and writes nothing", () => {
    const out = join(app, "..", "cli-extracted");
    writeFileSync(join(out, "src/main.ts"), "mine");
    rmSync(join(out, "src/greet.ts"));
    const r = pxos(["extract", "--out", out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("use --force to overwrite");
    expect(readFileSync(join(out, "src/main.ts"), "utf8")).toBe("mine");
    expect(existsSync(join(out, "src/greet.ts"))).toBe(false);
    expect(pxos(["extract", "--out", out, "--force"]).code).toBe(0);
    expect(readFileSync(join(out, "src/main.ts"), "utf8")).toBe(readFileSync(join(app, "src/main.ts"), "utf8"));
  });

  test("an unwritable destination fails with one line", () => {
    const r = pxos(["extract", "--out", "/dev/null/tree"]);
    expect(r.code).toBe(1);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toContain("[IO]");
  });
});

describe("render", () => {
  test("a module as stored, scaled without blurring: the pixels are its bytes", () => {
    fresh();
    expect(pxos(["render", "src/main.ts", "--out", "main.png", "--scale", "3"]).code).toBe(0);
    const png = decodePng(readFileSync(join(app, "main.png")));
    const bytes = readFileSync(join(app, "src/main.ts"));
    expect([png.width, png.height]).toEqual([Math.ceil(bytes.length / 3) * 3, 3]);
    // top-left 3×3 block is the first pixel: the first three bytes, "imp"
    expect([...png.data.subarray(0, 9)]).toEqual([...bytes.subarray(0, 3), ...bytes.subarray(0, 3), ...bytes.subarray(0, 3)]);
  });

  test("--classes colours each byte by class; --wrap lays it out; PXIF images render too", () => {
    const r = pxos(["render", "src/greet.ts", "--out", "classes.png", "--classes", "--wrap", "10"]);
    expect(r.code).toBe(0);
    const png = decodePng(readFileSync(join(app, "classes.png")));
    expect(png.width).toBe(30);
    expect([...png.data.subarray(0, 3)]).toEqual([66, 135, 245]); // "e" of "export": a letter
    expect([...png.data.subarray(18, 21)]).toEqual([28, 28, 30]); // the space after "export"
    const pxif = join(app, "greet.pxi");
    encodeProject({ root: join(app, "src"), out: "../pxif-images", manifest: "../pxif.json", format: "pxif" });
    cpSync(Manifest.load(join(app, "pxif.json")).imagePath("greet.ts"), pxif);
    expect(pxos(["render", pxif, "--out", "pxif.png"]).code).toBe(0);
    expect(decodePng(readFileSync(join(app, "pxif.png"))).width).toBe(1024);
  });

  test("bad input is a usage error", () => {
    expect(pxos(["render", "src/main.ts"]).code).toBe(2);
    expect(pxos(["render", "src/main.ts", "--out", "x.png", "--scale", "0"]).code).toBe(2);
  });
});

describe("run", () => {
  test.each(["bun", "node", "deno"])("boots the entry from pixels on %s, passing args and the exit code", (runtime) => {
    fresh();
    const ok = pxos(["run", "boot.ts", "--runtime", runtime]);
    expect(ok.out).toContain("This line ran from src/main.ts?pxos.");
    expect(ok.code).toBe(0);
    const exit = pxos(["run", "exit.ts", "--runtime", runtime, "--", "3", "x"]);
    expect(exit.out).toBe("args: 3 x\n");
    expect(exit.code).toBe(3);
  });

  test("on Bun an entry that exists only in pixels still boots", () => {
    fresh();
    rmSync(join(app, "boot.ts"));
    expect(pxos(["run", "boot.ts"]).out).toContain("This line ran from src/main.ts?pxos.");
  });

  test("on Deno a stale import map is regenerated first", () => {
    fresh();
    pxos(["run", "exit.ts", "--runtime", "deno"]);
    writeFileSync(join(app, "src/greet.ts"), "export const greet = () => 'regenerated';\n");
    encodeProject({ root: app });
    expect(pxos(["run", "boot.ts", "--runtime", "deno"]).out).toContain("regenerated");
  });

  test("no manifest, or no such entry, fails with one line", () => {
    fresh();
    expect(pxos(["run", "boot.ts", "--manifest", "missing.json"]).err).toContain("manifest not found (run `pxos encode` first) [NOT_FOUND]");
    expect(pxos(["run", "nope.ts"]).err).toContain("nope.ts: no such entry, on disk or in the pixels [NOT_FOUND]");
  });
});

describe("keygen, sign and verify --trust", () => {
  test("keys are written with the right modes and never printed; signatures are checked", () => {
    fresh();
    const made = pxos(["keygen", "--out", "pxos.key"]);
    expect(made.code).toBe(0);
    expect(made.out).toMatch(/^wrote pxos\.key \(private, mode 0600\) and pxos\.key\.pub; key [0-9a-f]{16}\n$/);
    const privatePem = readFileSync(join(app, "pxos.key"), "utf8");
    expect(privatePem).toContain("PRIVATE KEY");
    expect(made.out).not.toContain(privatePem.split("\n")[1] as string);
    expect(statSync(join(app, "pxos.key")).mode & 0o777).toBe(0o600);
    expect(pxos(["keygen", "--out", "pxos.key"]).code).toBe(1);

    expect(pxos(["sign", "--key", "pxos.key"]).out).toContain("signed pixel_manifest.json (release 1) with key");
    const ok = pxos(["verify", "--trust", "pxos.key.pub"]);
    expect([ok.code, ok.out]).toEqual([0, expect.stringMatching(/^ok: 9 modules verified, release 1, signed by key [0-9a-f]{16} \(trusted\)\n$/)]);

    pxos(["keygen", "--out", "other.key"]);
    const other = pxos(["verify", "--trust", "other.key.pub"]);
    expect(other.code).toBe(1);
    expect(other.err).toContain("but the trusted key is");

    writeFileSync(join(app, "src/greet.ts"), "export const greet = () => 'changed';\n");
    const reencoded = pxos(["encode", "."]);
    expect(reencoded.err).toContain("pixel_manifest.json.sig no longer matches the manifest");
    const broken = pxos(["verify", "--json"]);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.out).problems[0]).toMatchObject({ kind: "signature" });
    expect(pxos(["verify", "--trust", "pxos.key.pub"]).err).toContain("changed after signing [BAD_SIGNATURE]");

    expect(pxos(["encode", ".", "--sign", "pxos.key"]).out).toMatch(/signed {3}release 2 with key [0-9a-f]{16}/);
    expect(pxos(["verify", "--trust", "pxos.key.pub"]).code).toBe(0);
  });

  test("the signed release rises with every changed content, never goes down, and an older one replayed is refused", () => {
    const release = () => JSON.parse(readFileSync(join(app, "pixel_manifest.json"), "utf8")).release;
    expect(pxos(["sign", "--key", "pxos.key"]).out).toContain("(release 2)");
    expect(pxos(["encode", ".", "--sign", "pxos.key"]).out).toContain("release 2 with key");
    const old = join(app, "..", "cli-release-old");
    rmSync(old, { recursive: true, force: true });
    mkdirSync(old);
    for (const f of ["pixel_manifest.json", "pixel_manifest.json.sig", "pixel_src_storage"]) cpSync(join(app, f), join(old, f), { recursive: true });

    writeFileSync(join(app, "src/greet.ts"), "export const greet = () => 'release three';\n");
    expect(pxos(["encode", ".", "--sign", "pxos.key"]).out).toContain("release 3 with key");
    const lower = pxos(["sign", "--key", "pxos.key", "--release", "2"]);
    expect([lower.code, lower.err]).toEqual([2, expect.stringContaining("release 2 is lower than the manifest's release 3: releases never go down [USAGE]")]);
    expect(pxos(["sign", "--key", "pxos.key", "--release", "7"]).code).toBe(0);
    expect(release()).toBe(7);
    pxos(["encode", "."]);
    expect(release()).toBe(7);

    const state = join(app, "..", "cli-release.state");
    rmSync(state, { force: true });
    const env = { PXOS_TRUST: join(app, "pxos.key.pub"), PXOS_TRUST_STATE: state };
    expect(pxos(["encode", ".", "--sign", "pxos.key"]).code).toBe(0);
    expect(pxos(["verify"], app, env).code).toBe(0);
    expect(readFileSync(state, "utf8")).toBe("7\n");
    for (const f of ["pixel_manifest.json", "pixel_manifest.json.sig"]) cpSync(join(old, f), join(app, f));
    cpSync(join(old, "pixel_src_storage"), join(app, "pixel_src_storage"), { recursive: true });
    const replayed = pxos(["verify"], app, env);
    expect([replayed.code, replayed.err]).toEqual([1, expect.stringContaining("signed release 2 is older than release 7, the highest release seen")]);
    expect(pxos(["run", "src/main.ts"], app, env).err).toContain("[ROLLBACK]");
    const pinned = pxos(["verify", "--trust", "pxos.key.pub", "--min-release", "3"]);
    expect(pinned.err).toContain("the minimum release pinned (PXOS_TRUST_MIN_RELEASE): an older signed manifest replayed is refused [ROLLBACK]");
    // src/greet.ts on disk is newer than the replayed pixels: verify reports it stale, but the release itself passes.
    expect(pxos(["verify", "--trust", "pxos.key.pub", "--min-release", "2"]).out).toContain("stale   src/greet.ts");
    expect(pxos(["verify", "--min-release", "2"]).err).toContain("needs a trust key");
  });
});

describe("pack, unpack and cartridges everywhere", () => {
  test("pack writes a cartridge that run boots from an empty directory on every runtime", () => {
    fresh();
    const packed = pxos([
      "pack",
      ".",
      "--out",
      "app.pxc.png",
      "--entry",
      "src/main.ts",
      "--title",
      "hello",
      "--exclude",
      "boot.ts",
      "--exclude",
      "exit.ts",
      "--json",
    ]);
    expect(packed.code).toBe(0);
    expect(JSON.parse(packed.out)).toMatchObject({ modules: 7, entry: "src/main.ts", compression: "none" });
    const empty = join(app, "..", "cli-empty");
    rmSync(empty, { recursive: true, force: true });
    mkdirSync(empty);
    for (const runtime of ["bun", "node", "deno"]) {
      const r = pxos(["run", join(app, "app.pxc.png"), "--runtime", runtime], empty);
      expect(r.out).toContain("This line ran from src/main.ts?pxos.");
      expect(r.code).toBe(0);
    }
  });

  test("inspect, list, verify and render take a cartridge; unpack gives the tree back", () => {
    expect(pxos(["list", "--cartridge", "app.pxc.png"]).out).toContain("7 modules");
    expect(pxos(["inspect", join(app, "app.pxc.png", "src", "greet.ts"), "--cartridge", "app.pxc.png"]).out).toContain("1 │ export function greet");
    expect(pxos(["verify", "--cartridge", "app.pxc.png"]).code).toBe(0);
    expect(pxos(["render", "app.pxc.png", "--out", "cartridge.png"]).code).toBe(0);
    expect(decodePng(readFileSync(join(app, "cartridge.png"))).width).toBe(512);
    const out = join(app, "..", "cli-unpacked");
    rmSync(out, { recursive: true, force: true });
    expect(pxos(["unpack", "app.pxc.png", "--out", out]).code).toBe(0);
    expect(readFileSync(join(out, "src/main.ts"), "utf8")).toBe(readFileSync(join(app, "src/main.ts"), "utf8"));
    expect(pxos(["unpack", "app.pxc.png", "--out", out]).code).toBe(1);
  });

  test("a damaged cartridge runs nothing; a cartridge without an entry says so", () => {
    writeFileSync(join(app, "bad.pxc.png"), damageBytes(readFileSync(join(app, "app.pxc.png")), "tamper"));
    const bad = pxos(["run", "bad.pxc.png"]);
    expect(bad.code).toBe(1);
    expect(bad.out).toBe("");
    expect(bad.err).toContain("CHECKSUM_MISMATCH");
    pxos(["pack", ".", "--out", "noentry.pxc.png"]);
    expect(pxos(["run", "noentry.pxc.png"]).err).toContain("the cartridge records no entry");
  });

  test("under a trust key a cartridge must be signed", () => {
    pxos(["keygen", "--out", "c.key", "--force"]);
    const env = { PXOS_TRUST: join(app, "c.key.pub") };
    const unsigned = spawnSync(runtimeBinary("bun"), [BIN, "run", "app.pxc.png"], { cwd: app, env: { ...process.env, ...env } });
    expect(unsigned.stderr.toString()).toContain("[UNSIGNED]");
    expect(pxos(["sign", "--key", "c.key", "--cartridge", "app.pxc.png"]).code).toBe(0);
    const signed = spawnSync(runtimeBinary("bun"), [BIN, "run", "app.pxc.png"], { cwd: app, env: { ...process.env, ...env } });
    expect(signed.stdout.toString()).toContain("This line ran from src/main.ts?pxos.");
  });
});

describe("encode once the sources are gone", () => {
  test("asks, then keeps every module from its pixels (the signature still holds, the app runs, pack packs them), unasked once only pixels are left; --prune drops them", () => {
    const dir = join(app, "..", "cli-pixels-only");
    rmSync(dir, { recursive: true, force: true });
    cpSync(join(REPO, "examples", "hello"), dir, { recursive: true, filter: (p) => !p.includes("pixel_") && !p.endsWith("importmap.json") });
    const env = { PXOS_CACHE_DIR: join(dir, "..", "cli-pixels-only.cache") };
    expect(pxos(["encode", "."], dir, env).code).toBe(0);
    expect(pxos(["keygen", "--out", "k.key"], dir).code).toBe(0);
    expect(pxos(["sign", "--key", "k.key"], dir).code).toBe(0);
    const signed = readFileSync(join(dir, "pixel_manifest.json"), "utf8");
    expect(pxos(["pack", ".", "--out", "from-files.pxc.png", "--entry", "src/main.ts"], dir).code).toBe(0);
    rmSync(join(dir, "src"), { recursive: true });
    // pack takes them from the pixels too: the same cartridge, byte for byte.
    const asked = pxos(["pack", ".", "--out", "from-pixels.pxc.png", "--entry", "src/main.ts"], dir);
    expect([asked.code, asked.err]).toEqual([
      1,
      expect.stringMatching(
        /have no file any more.*pass --keep to pack them from the pixels, or --prune to leave them out; nothing written \[PIXELS_ONLY\]\n$/,
      ),
    ]);
    expect(existsSync(join(dir, "from-pixels.pxc.png"))).toBe(false);
    const packed = pxos(["pack", ".", "--out", "from-pixels.pxc.png", "--entry", "src/main.ts", "--keep"], dir);
    expect(packed.out).toMatch(/\d+ modules \(src\/config\.json, src\/greet\.ts, src\/lib\/index\.ts, …\) from pixels: no file on disk/);
    expect(readFileSync(join(dir, "from-pixels.pxc.png")).equals(readFileSync(join(dir, "from-files.pxc.png")))).toBe(true);
    // boot.ts and package.json are still there: encode asks, and writes nothing.
    const refused = pxos(["encode", "."], dir, env);
    expect([refused.code, refused.err]).toEqual([
      1,
      expect.stringMatching(/^pxos: \S+pixel_manifest\.json: 6 modules \(src\/config\.json, .*\) have no file any more.*\[PIXELS_ONLY\]\n$/),
    ]);
    expect(readFileSync(join(dir, "pixel_manifest.json"), "utf8")).toBe(signed);
    const again = pxos(["encode", ".", "--keep"], dir, env);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/kept {5}6 modules \(src\/config\.json, src\/greet\.ts, src\/lib\/index\.ts, …\) from pixels: no file on disk\n/);
    expect(again.err).toBe("");
    expect(readFileSync(join(dir, "pixel_manifest.json"), "utf8")).toBe(signed);
    expect(pxos(["verify", "--trust", "k.key.pub"], dir).code).toBe(0);
    // Signing again: the kept modules come from pixels this key signed, so they may be signed again.
    expect(pxos(["encode", ".", "--sign", "k.key", "--keep"], dir, env).code).toBe(0);
    const resigned = readFileSync(join(dir, "pixel_manifest.json"), "utf8");
    // A module planted beside the images, with its entry: no signature of the key vouched for it, so encode --sign refuses.
    const planted = join(dir, "..", "cli-pixels-planted");
    rmSync(planted, { recursive: true, force: true });
    mkdirSync(join(planted, "src"), { recursive: true });
    writeFileSync(join(planted, "src", "evil.ts"), "export const evil = true;\n");
    encodeProject({ root: planted });
    const evil = Manifest.load(join(planted, "pixel_manifest.json")).entry("src/evil.ts");
    cpSync(join(planted, evil?.image as string), join(dir, evil?.image as string));
    const manifest = JSON.parse(resigned);
    manifest.modules["src/evil.ts"] = evil;
    writeFileSync(join(dir, "pixel_manifest.json"), JSON.stringify(manifest, null, 2));
    const unvouched = pxos(["encode", ".", "--sign", "k.key", "--keep"], dir, env);
    expect([unvouched.code, unvouched.err]).toEqual([
      1,
      expect.stringMatching(
        /^pxos: \S+pixel_manifest\.json: \d+ modules \(.*\) would be signed from their pixels, which no signature of this key vouched for .*\[UNSIGNED\]\n$/,
      ),
    ]);
    expect(pxos(["verify", "--trust", "k.key.pub"], dir).code).toBe(1);
    writeFileSync(join(dir, "pixel_manifest.json"), resigned);
    const run = pxos(["run", "src/main.ts", "--runtime", "node"], dir, env);
    // Only pixels left: encode keeps them without asking.
    rmSync(join(dir, "boot.ts"));
    rmSync(join(dir, "package.json"));
    expect(pxos(["encode", "."], dir, env).out).toContain("kept     8 modules");
    expect([run.code, run.out]).toEqual([0, expect.stringContaining("read from pixels")]);
    const pruned = pxos(["encode", ".", "--prune"], dir, env);
    expect(pruned.out).toMatch(/\(0 written, \d+ unchanged, \d+ removed\)/);
    expect(pruned.out).not.toContain("kept");
    expect(
      Manifest.load(join(dir, "pixel_manifest.json"))
        .keys()
        .filter((k) => k.startsWith("src/")),
    ).toEqual([]);
  });
});

test.each(["node24", "bun", "deno"] as const)(
  "on %s, a reader that closes the pipe early (pxos list | true) ends pxos quietly, not with EPIPE and a stack",
  (runtime) => {
    const args = runtime === "deno" ? "run -A" : "";
    const run = spawnSync("bash", ["-c", `set -o pipefail; ${runtimeBinary(runtime)} ${args} ${BIN} list | true`], {
      cwd: app,
      env: { ...process.env, NO_COLOR: "1", DENO_DIR: join(REPO, ".deno") },
    });
    expect([run.status, run.stderr.toString()]).toEqual([0, ""]);
  },
);
