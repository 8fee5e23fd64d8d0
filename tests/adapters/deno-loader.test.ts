/** @pxos/deno-loader: the rewrite keeps every line where it was; the map is deterministic, verified and guarded against going stale. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { encodeProject, Manifest } from "@pxos/core";
import { generateImportMap, type ImportMap, isImportMapCurrent } from "@pxos/deno-loader";
import { rewriteModule } from "../../packages/deno-loader/src/rewrite.ts";
import { damageFile } from "../support/damage.ts";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

describe("rewriteModule", () => {
  const source = [
    "#!/usr/bin/env -S deno run",
    'import type { T } from "./types.ts";',
    'import { a } from "./a";',
    'export * from "../up.ts";',
    "const n: number = 1;",
    'const lazy = await import("./lazy.ts");',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: source text under test
    "const computed = await import(`./plugins/${n}.ts`);",
    'console.log(import.meta.url, new URL("./x.json", import.meta.url));',
    'import picomatch from "picomatch";',
    'import { readFileSync } from "node:fs";',
  ].join("\n");
  const pixels = new Set(["/app/src/a.ts", "/app/src/lazy.ts"]);
  const out = rewriteModule(source, "/app/src/main.ts", (s) => [`/app/src/${s.slice(2)}.ts`, `/app/src/${s.slice(2)}`].find((p) => pixels.has(p)));
  const lines = out.split("\n");

  test("every original line stays on its line number", () => {
    expect(lines.length).toBeGreaterThanOrEqual(source.split("\n").length);
    expect(lines[0]).toBe("#!/usr/bin/env -S deno run");
    expect(lines[4]).toBe("const n: number = 1;");
  });

  test("specifiers become absolute URLs; pixel ones resolve like everywhere else", () => {
    expect(lines[1]).toBe('import "pxos:guard";globalThis[Symbol.for("pxos.stats")].loadedModules++;import type { T } from "file:///app/src/types.ts";');
    expect(lines[2]).toBe('import { a } from "file:///app/src/a.ts";');
    expect(lines[3]).toBe('export * from "file:///app/up.ts";');
    expect(lines[5]).toBe('const lazy = await import("file:///app/src/lazy.ts");');
    expect(lines[9]).toBe('import { readFileSync } from "node:fs";');
  });

  test("computed import() and import.meta are routed through the original file's URL", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: source text under test
    expect(lines[6]).toBe("const computed = await __pxos_import(`./plugins/${n}.ts`);");
    expect(lines[7]).toBe('console.log(__pxos_meta().url, new URL("./x.json", __pxos_meta().url));');
    expect(out).toContain('url: "file:///app/src/main.ts?pxos", filename: "/app/src/main.ts", dirname: "/app/src"');
  });

  test("bare specifiers resolve from the module's folder to a real file, or are left to Deno", () => {
    expect(lines[8]).toBe('import picomatch from "picomatch";');
    const real = rewriteModule('import picomatch from "picomatch";\n', join(REPO, "tests", "main.ts"), () => undefined);
    expect(real).toContain(`import picomatch from "file://${join(REPO, "node_modules", "picomatch", "index.js")}";`);
  });
});

describe("pxos import-map and deno run", () => {
  const dir = join(REPO, "tests", ".work", "deno-loader");
  // pxos's cache inside the test project, so each test sees only what it made.
  const userCache = process.env.PXOS_CACHE_DIR;
  beforeAll(() => {
    process.env.PXOS_CACHE_DIR = join(dir, ".pxos-cache");
  });
  afterAll(() => {
    if (userCache === undefined) delete process.env.PXOS_CACHE_DIR;
    else process.env.PXOS_CACHE_DIR = userCache;
  });
  const deno = (args: string[]) =>
    spawnSync(runtimeBinary("deno"), ["run", ...args, "--import-map=pxos.importmap.json", "boot.ts"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, DENO_DIR: join(REPO, ".deno"), NO_COLOR: "1" },
    });
  const importMap = () => spawnSync(runtimeBinary("node24"), [join(REPO, "packages/pxos/bin/pxos.mjs"), "import-map"], { cwd: dir, encoding: "utf8" });
  const fresh = () => {
    rmSync(dir, { recursive: true, force: true });
    cpSync(join(REPO, "examples", "hello"), dir, { recursive: true, filter: (p) => !p.includes("pixel_") && !p.endsWith("importmap.json") });
    encodeProject({ root: dir });
  };

  test("the map is deterministic and records the manifest's SHA-256", () => {
    fresh();
    const first = generateImportMap({ manifest: join(dir, "pixel_manifest.json") }).map;
    expect(generateImportMap({ manifest: join(dir, "pixel_manifest.json") }).map).toEqual(first);
    expect(first.pxos.manifestSha256).toBe(new Bun.CryptoHasher("sha256").update(readFileSync(join(dir, "pixel_manifest.json"))).digest("hex"));
    expect(Object.keys(first.imports)).toContain(`file://${join(dir, "src", "main.ts")}`);
  });

  test("modules are files in pxos's cache, TypeScript stripped in place to .mjs; with the cache off, data: URLs", () => {
    fresh();
    writeFileSync(join(dir, "src", "color.ts"), "export enum Color {\n  Red,\n}\n");
    encodeProject({ root: dir });
    const manifest = join(dir, "pixel_manifest.json");
    // Made under Node, which has a stripper (node:module's stripTypeScriptTypes)...
    expect(importMap().status).toBe(0);
    const { imports } = JSON.parse(readFileSync(join(dir, "pxos.importmap.json"), "utf8")) as ImportMap;
    const served = (key: string) => imports[`file://${join(dir, key)}`] as string;
    const cache = `file://${join(dir, ".pxos-cache", "deno")}/`;
    expect(served("src/greet.ts")).toMatch(new RegExp(`^${cache}[0-9a-f]{32}/src/greet\\.ts\\.mjs\\?pxos$`));
    const stripped = readFileSync(fileURLToPath(served("src/greet.ts")), "utf8");
    const original = readFileSync(join(dir, "src", "greet.ts"), "utf8");
    expect(stripped).not.toContain(": string");
    // Same lines, same columns: only the guard prefix on line 1 and the helpers after the last line are added.
    expect(stripped.split("\n").slice(1, original.split("\n").length - 1)).toEqual(
      original
        .split("\n")
        .slice(1, -1)
        .map((l) => l.replaceAll(": string", "        ")),
    );
    // Not erasable: handed to Deno as TypeScript, which it transpiles.
    expect(served("src/color.ts")).toMatch(/\/src\/color\.ts\.mts\?pxos$/);
    expect(served("src/config.json")).toMatch(/\/src\/config\.json\?pxos$/);
    // ...and under Bun, which has none: Deno gets TypeScript to transpile.
    expect(generateImportMap({ manifest }).map.imports[`file://${join(dir, "src/greet.ts")}`]).toMatch(/\/src\/greet\.ts\.mts\?pxos$/);
    const off = generateImportMap({ manifest, cacheDir: false }).map.imports;
    expect(Object.values(off).every((url) => url.startsWith("data:"))).toBe(true);
  });

  test("making the map again restores a cached file that was changed", () => {
    fresh();
    expect(importMap().status).toBe(0);
    const { imports } = JSON.parse(readFileSync(join(dir, "pxos.importmap.json"), "utf8")) as ImportMap;
    const file = fileURLToPath(imports[`file://${join(dir, "src/greet.ts")}`] as string);
    const made = readFileSync(file, "utf8");
    writeFileSync(file, 'export const greet = () => "planted";\n');
    expect(importMap().status).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(made);
  });

  test("the map is current only for its manifest and while its cached files exist", () => {
    fresh();
    const { map } = generateImportMap({ manifest: join(dir, "pixel_manifest.json") });
    const text = JSON.stringify(map);
    const sha = map.pxos.manifestSha256;
    expect(isImportMapCurrent(text, sha)).toBe(true);
    expect(isImportMapCurrent(text, "0".repeat(64))).toBe(false);
    rmSync(join(dir, ".pxos-cache"), { recursive: true });
    expect(isImportMapCurrent(text, sha)).toBe(false);
    // `pxos run` notices and makes the map again.
    const run = spawnSync(runtimeBinary("node24"), [join(REPO, "packages/pxos/bin/pxos.mjs"), "run", "boot.ts", "--runtime", "deno"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, DENO_DIR: join(REPO, ".deno"), NO_COLOR: "1", PATH: `${join(REPO, "node_modules", ".bin")}:${process.env.PATH}` },
    });
    expect(run.stdout).toContain("Hello, pixel world!");
    expect(existsSync(join(dir, ".pxos-cache"))).toBe(true);
  });

  test("runs from the map, and refuses to once the manifest changed", () => {
    fresh();
    expect(importMap().status).toBe(0);
    const ok = deno(["--allow-read"]);
    expect(ok.stdout).toContain("Hello, pixel world!");
    writeFileSync(join(dir, "src", "greet.ts"), 'export const greet = () => "changed";\n');
    encodeProject({ root: dir });
    const stale = deno(["--allow-read"]);
    expect(stale.status).toBe(1);
    expect(stale.stdout).toBe("");
    expect(stale.stderr).toContain("is stale");
    expect(stale.stderr).toContain("run `pxos import-map` again");
    expect(importMap().status).toBe(0);
    expect(deno(["--allow-read"]).stdout).toContain("changed");
  });

  test("without read permission it runs and says it could not check", () => {
    fresh();
    importMap();
    const run = deno([]);
    expect(run.stdout).toContain("Hello, pixel world!");
    expect(run.stderr).toContain("cannot check that");
  });

  test("deno.json's importMap works as well as the flag", () => {
    fresh();
    importMap();
    writeFileSync(join(dir, "deno.json"), JSON.stringify({ importMap: "./pxos.importmap.json" }));
    const env = { ...process.env, DENO_DIR: join(REPO, ".deno"), NO_COLOR: "1" };
    const run = spawnSync(runtimeBinary("deno"), ["run", "--allow-read", "boot.ts"], { cwd: dir, encoding: "utf8", env });
    expect(run.stdout).toContain("This line ran from src/main.ts?pxos.");
  });

  test("a damaged image stops the map from being written, with core's error", () => {
    fresh();
    damageFile(Manifest.load(join(dir, "pixel_manifest.json")).imagePath("src/greet.ts"), "tamper");
    const run = importMap();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("CHECKSUM_MISMATCH");
    expect(run.stderr).toContain("module src/greet.ts");
  });
});
