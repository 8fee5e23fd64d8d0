/** Deno runs a TypeScript ES module from the JavaScript `pxos encode` derived for it (deno-loader/src/twins.ts), as it runs the file. */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { encodeProject, generateSigningKeys, signManifest } from "@pxos/core";
import { generateImportMap } from "@pxos/deno-loader";
import { denoForm } from "@pxos/deno-loader/derive";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

setDefaultTimeout(60_000);

const dir = join(REPO, "tests", ".work", "deno-javascript");
const cache = join(REPO, "tests", ".work", "deno-javascript-cache");
const env = { ...process.env, DENO_DIR: join(REPO, ".deno"), NO_COLOR: "1", PXOS_CACHE_DIR: cache };

const files: Record<string, string> = {
  "package.json": '{ "type": "module" }\n',
  // A type imported without `type`: TypeScript drops the import, and types.ts exports no value by that name.
  "main.ts": [
    'import { Shape } from "./types.ts";',
    'import { area, count } from "./lib/shapes.ts";',
    'import { fail } from "./lib/thrower.ts";',
    "const square: Shape = { side: 3 };",
    "count();",
    'const name = "shapes";',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: source text under test
    "const again = await import(`./lib/${name}.ts`);",
    "again.count();",
    'console.log("area", area(square), "count", count(), "same", again.area === area);',
    "try { fail(); } catch (err) {",
    '  const frame = String((err as Error).stack).split("\\n").find((l) => l.includes("thrower.ts"));',
    '  console.log("at", frame?.match(/thrower\\.ts(?:\\.mjs)?:(\\d+:\\d+)/)?.[1]);',
    "}",
    "",
  ].join("\n"),
  "types.ts": "export interface Shape {\n  side: number;\n}\n",
  "lib/shapes.ts": [
    'import type { Shape } from "../types.ts";',
    "let calls: number = 0;",
    "export function area(s: Shape): number {",
    "  return s.side * s.side;",
    "}",
    "export const count = (): number => ++calls;",
    "",
  ].join("\n"),
  "lib/thrower.ts": 'export function fail(): never {\n  const reason: string = "boom";\n      throw new Error(reason);\n}\n',
};

function project(): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

function importMap(): ReturnType<typeof generateImportMap>["map"] {
  const { map, path } = generateImportMap({ manifest: join(dir, "pixel_manifest.json"), cacheDir: cache });
  writeFileSync(path, JSON.stringify(map));
  return map;
}

const deno = (args: string[]) => spawnSync(runtimeBinary("deno"), ["run", "--allow-read", ...args, "main.ts"], { cwd: dir, encoding: "utf8", env });

describe("Deno's JavaScript for TypeScript ES modules", () => {
  test("runs as the files run: the same output, the same line and column in a stack frame, one instance however a module is reached", () => {
    project();
    const plain = deno([]);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toBe("area 9 count 3 same true\nat 3:13\n");
    encodeProject({ root: dir, derive: [denoForm()], cacheDir: cache });
    const map = importMap();
    const pixels = deno(["--import-map=pxos.importmap.json"]);
    expect(pixels.stderr).not.toContain("error");
    expect(pixels.stdout).toBe(plain.stdout);
    // Each TypeScript module runs from its `.mjs`; its own file (what the computed import reached) forwards to it.
    const mirrored = (name: string) => readFileSync(map.pxos.mirror + join(dir, name), "utf8");
    expect(mirrored("lib/shapes.ts")).toBe('export * from "./shapes.ts.mjs";\n');
    expect(mirrored("main.ts.mjs")).toContain('import { area, count } from "./lib/shapes.ts.mjs";');
    // The import of a type is gone, its line kept; the types blanked where they were.
    const main = mirrored("main.ts.mjs").split("\n");
    expect(main[0]).toMatch(/^\s*globalThis\["pxos\.module"\]\?\.\(\);;$/);
    expect(main.length).toBe((files["main.ts"] as string).split("\n").length);
    expect(mirrored("lib/thrower.ts.mjs")).toContain('  const reason         = "boom";');
  });

  test("a module whose JavaScript's name a file of the project has keeps its TypeScript: the file is never shadowed", () => {
    project();
    writeFileSync(join(dir, "lib/shapes.ts.mjs"), 'export const own = "the project\'s own module";\n');
    encodeProject({ root: dir, derive: [denoForm()], cacheDir: cache });
    const map = importMap();
    const mirrored = (name: string) => readFileSync(map.pxos.mirror + join(dir, name), "utf8");
    expect(mirrored("lib/shapes.ts")).toContain("export function area(s: Shape): number {");
    expect(mirrored("lib/shapes.ts.mjs")).toContain("the project's own module");
    expect(mirrored("main.ts.mjs")).toContain('from "./lib/shapes.ts";');
    expect(deno(["--import-map=pxos.importmap.json"]).stdout).toBe("area 9 count 3 same true\nat 3:13\n");
  });

  test("under a trust key each module's JavaScript is verified before any module body runs", () => {
    project();
    encodeProject({ root: dir, derive: [denoForm()], cacheDir: cache });
    const key = join(REPO, "tests", ".work", "deno-javascript.key");
    const { privatePem, publicPem } = generateSigningKeys();
    writeFileSync(key, privatePem, { mode: 0o600 });
    writeFileSync(`${key}.pub`, publicPem);
    signManifest(join(dir, "pixel_manifest.json"), key);
    const trusted = { ...env, PXOS_TRUST: `${key}.pub` };
    const { map, path } = generateImportMap({ manifest: join(dir, "pixel_manifest.json"), cacheDir: cache, trust: `${key}.pub` });
    writeFileSync(path, JSON.stringify(map));
    const run = (args: string[]) => spawnSync(runtimeBinary("deno"), ["run", "--allow-read", ...args, "main.ts"], { cwd: dir, encoding: "utf8", env: trusted });
    expect(run(["--import-map=pxos.importmap.json"]).stdout).toBe("area 9 count 3 same true\nat 3:13\n");
    const twin = map.pxos.mirror + join(dir, "lib/shapes.ts.mjs");
    writeFileSync(twin, readFileSync(twin, "utf8").replace("s.side * s.side", "s.side + s.side"));
    const tampered = run(["--import-map=pxos.importmap.json"]);
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toBe("");
    expect(tampered.stderr).toContain(`${twin}: mirrored module differs from the signed pixels`);
  });
});
