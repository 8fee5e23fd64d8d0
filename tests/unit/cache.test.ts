/** core's cache: where it lives, the off switch, and stripped JavaScript that is served only while intact. */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { builtinStripper, cacheDir, strippedCache } from "@pxos/core";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

const work = join(REPO, "tests", ".work", "cache");
const fresh = (name: string) => {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
};

describe("cacheDir", () => {
  test("node_modules/.cache/pxos when the project has node_modules, else .pxos-cache", () => {
    const root = fresh("where");
    expect(cacheDir(root, {})).toBe(join(root, ".pxos-cache"));
    mkdirSync(join(root, "node_modules"));
    expect(cacheDir(root, {})).toBe(join(root, "node_modules", ".cache", "pxos"));
  });

  test("PXOS_CACHE_DIR wins; PXOS_CACHE=0, off or false turns the cache off", () => {
    expect(cacheDir("/app", { PXOS_CACHE_DIR: "rel/cache" })).toBe(join(process.cwd(), "rel", "cache"));
    for (const off of ["0", "off", "false"]) expect(cacheDir("/app", { PXOS_CACHE: off, PXOS_CACHE_DIR: "/c" })).toBeUndefined();
    expect(cacheDir("/app", { PXOS_CACHE: "1" })).toBe(join("/app", ".pxos-cache"));
  });
});

describe("strippedCache", () => {
  const SHA = "a".repeat(64);
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
  const entry = (dir: string, id = "test-1") => join(dir, "stripped", id, `${SHA}.js`);

  test("a miss strips and stores; a hit serves without stripping or decoding", () => {
    const dir = fresh("hit");
    const stripper = counting();
    const source = "const n: number = 1;\n";
    expect(strippedCache(dir, stripper)(SHA, () => source)).toBe("const n         = 1;\n");
    expect(existsSync(entry(dir))).toBe(true);
    const again = strippedCache(dir, stripper)(SHA, () => {
      throw new Error("decoded on a hit");
    });
    expect(again).toBe("const n         = 1;\n");
    expect(stripper.calls).toBe(1);
  });

  test("a damaged or truncated entry is a miss, stripped again and repaired", () => {
    const dir = fresh("damaged");
    const stripper = counting();
    const get = strippedCache(dir, stripper);
    get(SHA, () => "let x: number;\n");
    const intact = readFileSync(entry(dir), "utf8");
    for (const damaged of [intact.replace("let", "var"), intact.slice(0, -10), "", "alert(1)\n"]) {
      writeFileSync(entry(dir), damaged);
      expect(get(SHA, () => "let x: number;\n")).toBe("let x        ;\n");
      expect(readFileSync(entry(dir), "utf8")).toBe(intact);
    }
    expect(stripper.calls).toBe(5);
  });

  test("non-erasable TypeScript gives undefined and stores nothing", () => {
    const dir = fresh("enum");
    expect(strippedCache(dir, counting())(SHA, () => "enum A { B }\n")).toBeUndefined();
    expect(existsSync(join(dir, "stripped"))).toBe(false);
  });

  test("another stripper's entries are never served", () => {
    const dir = fresh("versions");
    strippedCache(dir, counting("old-1"))(SHA, () => "let a: number;\n");
    const newer = counting("new-2");
    strippedCache(dir, newer)(SHA, () => "let a: number;\n");
    expect(newer.calls).toBe(1);
    expect(readdirSync(join(dir, "stripped")).sort()).toEqual(["new-2", "old-1"]);
  });

  test("a cache that cannot be written (its folder is a file) still strips", () => {
    const dir = join(fresh("file"), "not-a-dir");
    writeFileSync(dir, "");
    expect(strippedCache(dir, counting())(SHA, () => "let a: number;\n")).toBe("let a        ;\n");
  });
});

describe("builtinStripper", () => {
  test("Bun has none: its adapter never strips", () => {
    expect(builtinStripper()).toBeUndefined();
  });

  const script = `import { builtinStripper } from "@pxos/core";
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
