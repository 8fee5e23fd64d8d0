/** core's cache: where it lives, the off switch, and stripped JavaScript that is served only while intact. */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { builtinStripper, strippedCache } from "../../packages/core/src/cache/index.ts";
import { cacheDir } from "../../packages/core/src/runtime/options.ts";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

const work = join(REPO, "tests", ".work", "cache");
const fresh = (name: string) => {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
};

describe("cacheDir", () => {
  test("the user's cache directory, as Deno's DENO_DIR: never in the project nor under node_modules", () => {
    expect(cacheDir({ HOME: "/home/me" }, "linux")).toBe(join("/home/me", ".cache", "pxos"));
    expect(cacheDir({ HOME: "/home/me", XDG_CACHE_HOME: "/xdg" }, "linux")).toBe(join("/xdg", "pxos"));
    expect(cacheDir({ HOME: "/home/me", XDG_CACHE_HOME: "relative" }, "linux")).toBe(join("/home/me", ".cache", "pxos"));
    expect(cacheDir({ HOME: "/Users/me" }, "darwin")).toBe(join("/Users/me", "Library", "Caches", "pxos"));
    expect(cacheDir({ LOCALAPPDATA: "C:/Users/me/AppData/Local" }, "win32")).toBe(join("C:/Users/me/AppData/Local", "pxos"));
    expect(cacheDir({ USERPROFILE: "C:/Users/me" }, "win32")).toBe(join("C:/Users/me", "AppData", "Local", "pxos"));
    // Without HOME, the account's home directory.
    expect(cacheDir({}, "linux")).toBe(join(homedir(), ".cache", "pxos"));
  });

  test("PXOS_CACHE_DIR wins; PXOS_CACHE=0, off or false turns the cache off", () => {
    expect(cacheDir({ PXOS_CACHE_DIR: "rel/cache" })).toBe(join(process.cwd(), "rel", "cache"));
    for (const off of ["0", "off", "false"]) expect(cacheDir({ PXOS_CACHE: off, PXOS_CACHE_DIR: "/c" })).toBeUndefined();
    expect(cacheDir({ PXOS_CACHE: "1", HOME: "/home/me" }, "linux")).toBe(join("/home/me", ".cache", "pxos"));
  });
});

describe("strippedCache", () => {
  const SHA = "a".repeat(64);
  const OTHER = "b".repeat(64);
  const OWNER = "/app/pixel_manifest.json";
  /** Strips `: number` annotations, counting calls; refuses `enum` as a strip-only stripper does. */
  const counting = (id = "test-1") => {
    const stripper = {
      id,
      calls: 0,
      strip(source: string) {
        stripper.calls++;
        if (source.includes("enum")) throw new Error("enum is not erasable");
        return source.replaceAll(": number", "        ");
      },
    };
    return stripper;
  };
  const packOf = (dir: string, id = "test-1") => {
    const folder = join(dir, "stripped", id);
    return join(folder, readdirSync(folder)[0] as string);
  };
  const neverDecoded = () => {
    throw new Error("decoded on a hit");
  };

  test("a miss strips; save writes one pack; the next process is served from it without stripping or decoding", () => {
    const dir = fresh("hit");
    const stripper = counting();
    const first = strippedCache(dir, stripper, OWNER);
    expect(first.get(SHA, () => "const n: number = 1;\n")).toBe("const n         = 1;\n");
    expect(first.get(OTHER, () => "let m: number;\n")).toBe("let m        ;\n");
    expect(existsSync(join(dir, "stripped"))).toBe(false);
    first.save([SHA, OTHER]);
    expect(readdirSync(join(dir, "stripped", "test-1"))).toHaveLength(1);
    const next = strippedCache(dir, stripper, OWNER);
    expect(next.get(SHA, neverDecoded)).toBe("const n         = 1;\n");
    expect(next.get(OTHER, neverDecoded)).toBe("let m        ;\n");
    expect(stripper.calls).toBe(2);
  });

  test("saving keeps only the modules still named: the pack never outgrows the project", () => {
    const dir = fresh("prune");
    const stripper = counting();
    const first = strippedCache(dir, stripper, OWNER);
    first.get(SHA, () => "let a: number;\n");
    first.get(OTHER, () => "let b: number;\n");
    first.save([OTHER]);
    const next = strippedCache(dir, stripper, OWNER);
    expect(next.get(OTHER, neverDecoded)).toBe("let b        ;\n");
    expect(next.get(SHA, () => "let a: number;\n")).toBe("let a        ;\n");
    expect(stripper.calls).toBe(3);
  });

  test("a second save in one process keeps what the first wrote (module.register saves whenever imports go quiet)", () => {
    const dir = fresh("twice");
    const stripper = counting();
    const cache = strippedCache(dir, stripper, OWNER);
    cache.get(SHA, () => "let a: number;\n");
    cache.save([SHA, OTHER]);
    cache.get(OTHER, () => "let b: number;\n");
    cache.save([SHA, OTHER]);
    const next = strippedCache(dir, stripper, OWNER);
    expect(next.get(SHA, neverDecoded)).toBe("let a        ;\n");
    expect(next.get(OTHER, neverDecoded)).toBe("let b        ;\n");
  });

  test("a damaged entry is a miss, stripped again and repaired; a damaged pack is no pack", () => {
    const dir = fresh("damaged");
    const stripper = counting();
    const first = strippedCache(dir, stripper, OWNER);
    first.get(SHA, () => "let x: number;\n");
    first.save([SHA]);
    const intact = readFileSync(packOf(dir));
    const damaged = [
      Buffer.from(intact.toString("latin1").replace("let x", "var x"), "latin1"),
      intact.subarray(0, intact.length - 3),
      intact.subarray(0, 10),
      Buffer.from("pxos-stripped 1\n{not json\nlet x;"),
      Buffer.from("pxos-stripped 1\n[1,2]\n"),
      Buffer.from(`pxos-stripped 1\n{"${SHA}":[0,9999,"x"]}\nlet x;`),
      Buffer.from(`pxos-stripped 1\n{"${SHA}":["0","6","x"]}\nlet x;`),
      Buffer.from(""),
    ];
    for (const bytes of damaged) {
      writeFileSync(packOf(dir), bytes);
      const next = strippedCache(dir, stripper, OWNER);
      expect(next.get(SHA, () => "let x: number;\n")).toBe("let x        ;\n");
      next.save([SHA]);
      expect(readFileSync(packOf(dir))).toEqual(intact);
    }
    expect(stripper.calls).toBe(1 + damaged.length);
  });

  test("non-erasable TypeScript gives undefined and saving writes nothing", () => {
    const dir = fresh("enum");
    const cache = strippedCache(dir, counting(), OWNER);
    expect(cache.get(SHA, () => "enum A { B }\n")).toBeUndefined();
    cache.save([SHA]);
    expect(existsSync(join(dir, "stripped"))).toBe(false);
  });

  test("another stripper's pack, or another project's, is never served", () => {
    const dir = fresh("versions");
    const old = strippedCache(dir, counting("old-1"), OWNER);
    old.get(SHA, () => "let a: number;\n");
    old.save([SHA]);
    const newer = counting("new-2");
    strippedCache(dir, newer, OWNER).get(SHA, () => "let a: number;\n");
    const elsewhere = counting("old-1");
    strippedCache(dir, elsewhere, "/other/pixel_manifest.json").get(SHA, () => "let a: number;\n");
    expect([newer.calls, elsewhere.calls]).toEqual([1, 1]);
  });

  test("a cache that cannot be written (its folder is a file) still strips, and saving does not throw", () => {
    const dir = join(fresh("file"), "not-a-dir");
    writeFileSync(dir, "");
    const cache = strippedCache(dir, counting(), OWNER);
    expect(cache.get(SHA, () => "let a: number;\n")).toBe("let a        ;\n");
    cache.save([SHA]);
  });
});

describe("builtinStripper", () => {
  test("Bun has none: its adapter never strips", () => {
    expect(builtinStripper()).toBeUndefined();
  });

  const script = `import { builtinStripper } from "@pxos/core/runtime";
const s = builtinStripper();
console.log(JSON.stringify({ id: s.id, out: s.strip("const n: number = 1;\\nfunction f(a: string): void {}\\n") }));
try { s.strip("enum A { B }"); } catch { console.log("enum refused"); }`;
  test.each(["node22", "node24", "deno"] as const)("%s strips in place, refuses enum, and prints no warning", (runtime) => {
    const file = join(fresh(`builtin-${runtime}`), "strip.ts");
    writeFileSync(file, script);
    const args = runtime === "deno" ? ["run", "-A", file] : [file];
    const run = spawnSync(runtimeBinary(runtime), args, { cwd: REPO, encoding: "utf8", env: { ...process.env, DENO_DIR: join(REPO, ".deno"), NO_COLOR: "1" } });
    expect(run.stderr).toBe("");
    const [first, second] = run.stdout.trim().split("\n");
    const { id, out } = JSON.parse(first as string);
    expect(out).toBe("const n         = 1;\nfunction f(a        )       {}\n");
    expect(id).toMatch(runtime === "deno" ? /^deno-\d/ : /^amaro-\d/);
    expect(second).toBe("enum refused");
  });
});
