/**
 * pxos as a Deno user will get it from JSR, before it is published: `deno publish --dry-run`'s file
 * lists copied out of the repository as the registry would hold them, and a fresh Deno project
 * (deno.json only: no package.json, no node_modules) whose import map resolves `@pxos/*` to those
 * copies and each package's npm dependencies through its deno.json, as JSR does. Then the README's
 * Deno commands: encode, import-map, poison the sources, run from the pixels, compare with the plain run.
 *
 * Skipped under `PXOS_CONSUMER=node|bun`; with `PXOS_CONSUMER=deno` the app runs on the Deno on PATH.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { JSR_PACKAGES, publishDryRun } from "../../scripts/jsr.ts";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

const POISON = 'throw new Error("pxos JSR consumer test: this source ran from disk");\n';
const work = mkdtempSync(join(tmpdir(), "pxos-jsr-consumer-"));
const registry = join(work, "jsr");
const app = join(work, "app");
const env = { ...process.env, NO_COLOR: "1", DENO_DIR: join(work, "deno-dir"), XDG_CACHE_HOME: join(work, "cache") };
const only = process.env.PXOS_CONSUMER;
const binary = only === "deno" ? Bun.which("deno") : runtimeBinary("deno");
const deno = (args: string[]) => Bun.spawnSync([binary as string, ...args], { cwd: app, env });
const text = (r: { stdout: Buffer }) => r.stdout.toString();
/** The CLI's main module from the copy; a local main module finds no config from the working directory, as `jsr:@pxos/cli` would. */
let cli: string[] = [];
let plain = "";

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(only !== undefined && only !== "deno")("from the JSR layout, on Deno", () => {
  beforeAll(() => {
    const dry = publishDryRun(join(work, "deno-dir"));
    if (!dry.ok) throw new Error(`deno publish --dry-run failed:\n${dry.output}`);
    const imports: Record<string, string> = {};
    const scopes: Record<string, Record<string, string>> = {};
    for (const [dir, name] of Object.entries(JSR_PACKAGES)) {
      const files = dry.files[name] ?? [];
      const copy = join(registry, name);
      for (const file of files) {
        const to = join(copy, relative(join(REPO, "packages", dir), file));
        mkdirSync(dirname(to), { recursive: true });
        cpSync(file, to);
      }
      const config = JSON.parse(readFileSync(join(copy, "deno.json"), "utf8"));
      for (const [key, target] of Object.entries(config.exports as Record<string, string>))
        imports[name + key.slice(1)] = pathToFileURL(join(copy, target)).href;
      scopes[`${pathToFileURL(copy).href}/`] = config.imports ?? {};
    }
    cpSync(join(import.meta.dirname, "app", "src"), join(app, "src"), { recursive: true });
    writeFileSync(join(app, "deno.json"), `${JSON.stringify({ imports, scopes }, null, 2)}\n`);
    cli = ["run", "-A", "--config", "deno.json", fileURLToPath(imports["@pxos/cli"] as string)];
    // The npm dependencies download now (Deno reports each on stderr), so later runs say nothing there.
    const warm = deno([...cli, "--version"]);
    if (warm.exitCode !== 0) throw new Error(`the CLI did not start: ${warm.stderr}`);
    const r = deno(["run", "-A", "src/main.ts"]);
    if (r.exitCode !== 0) throw new Error(`plain run failed: ${r.stderr}`);
    plain = text(r);
  }, 300_000);

  test("each JSR package publishes its sources, deno.json, README and LICENSE, and nothing built", () => {
    for (const [dir, name] of Object.entries(JSR_PACKAGES)) {
      const files = readdirSync(join(registry, name), { recursive: true, encoding: "utf8" });
      expect(files, name).toContain("deno.json");
      expect(files, name).toContain("README.md");
      expect(files, name).toContain("LICENSE");
      expect(
        files.filter((f) => f.startsWith("dist") || f === "package.json" || f === "node_modules"),
        name,
      ).toEqual([]);
      expect(files.filter((f) => f.endsWith(".ts")).length, dir).toBeGreaterThan(0);
    }
  });

  test("encode, import-map, then the sources are poisoned", () => {
    const encode = deno([...cli, "encode", "."]);
    expect(encode.stderr.toString()).toBe("");
    expect(encode.exitCode).toBe(0);
    const map = deno([...cli, "import-map"]);
    expect(map.exitCode).toBe(0);
    expect(existsSync(join(app, "pxos.importmap.json"))).toBe(true);
    for (const file of readdirSync(join(app, "src"))) writeFileSync(join(app, "src", file), file.endsWith(".json") ? "not JSON: read from disk" : POISON);
    expect(deno(["run", "-A", "src/main.ts"]).exitCode).not.toBe(0);
  }, 300_000);

  test("runs from pixels as the plain run did: TypeScript, JSON, a dynamic import", () => {
    const r = deno(["run", "-A", "--import-map=pxos.importmap.json", "src/main.ts"]);
    expect(r.stderr.toString()).toBe("");
    expect(text(r)).toBe(plain);
    expect(plain).toBe("Hello, installed pxos!\nA DYNAMIC IMPORT ARRIVED\n");
  }, 60_000);

  test("pxos run boots the entry from pixels on Deno", () => {
    const r = deno([...cli, "run", "src/main.ts"]);
    expect(r.stderr.toString()).toBe("");
    expect(text(r)).toBe(plain);
  }, 60_000);

  test("pxos run on Node says the Node adapter comes from npm, not JSR", () => {
    const r = deno([...cli, "run", "src/main.ts", "--runtime", "node"]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.toString()).toBe("pxos: @pxos/node-hook/register is not installed beside pxos: install pxos from npm to run on Bun or Node [NOT_FOUND]\n");
  }, 60_000);

  test("--version is the JSR version, and the project gained no node_modules", () => {
    const version = JSON.parse(readFileSync(join(REPO, "packages", "pxos", "deno.json"), "utf8")).version;
    expect(text(deno([...cli, "--version"]))).toBe(`${version}\n`);
    expect(readdirSync(app).sort()).toEqual(["deno.json", "deno.lock", "pixel_manifest.json", "pixel_src_storage", "pxos.importmap.json", "src"]);
  });
});
