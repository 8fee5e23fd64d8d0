/**
 * pxos as a user gets it: every package packed (`npm pack`, which builds it), the tarballs
 * installed into a fresh project outside the repository — with npm, with Bun's installer, and
 * for Deno through `npm:` specifiers from a registry — then, on each runtime, the README's
 * commands: encode, poison the sources (each a stub that throws if it ever runs), run from the
 * pixels and compare with the plain run of the same runtime.
 *
 * `PXOS_CONSUMER=node|bun|deno` runs only that runtime's rows, with the binary found on PATH
 * (CI installs it with the runtime's official setup action); by default every row runs with the
 * runtimes the repository installs.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

type Family = "node" | "bun" | "deno";
type Installer = "npm" | "bun" | "deno";
interface Runtime {
  name: string;
  family: Family;
  binary: string;
}

const PACKAGES = ["core", "bun-plugin", "node-hook", "deno-loader", "pxos"];
const ENTRIES = { main: "src/main.ts", commonjs: "src/cjs.ts" } as const;
const POISON = 'throw new Error("pxos consumer test: this source ran from disk");\n';

/**
 * Rows (by installer) whose getPixelStats() check is expected to fail, and why. They run as
 * `test.failing`, so a fix shows at once: then delete the entry.
 */
function which(name: string): string {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) if (existsSync(join(dir, name))) return join(dir, name);
  throw new Error(`PXOS_CONSUMER: ${name} is not on PATH`);
}

function runtimes(): Runtime[] {
  const only = process.env.PXOS_CONSUMER as Family | undefined;
  if (only) {
    const binary = which(only);
    const version = spawnSync(binary, ["--version"], { encoding: "utf8" }).stdout.trim().split(/\s+/)[only === "deno" ? 1 : 0];
    return [{ name: `${only} ${version}`, family: only, binary }];
  }
  return [
    { name: "node22", family: "node", binary: runtimeBinary("node22") },
    { name: "node24", family: "node", binary: runtimeBinary("node24") },
    { name: "bun", family: "bun", binary: runtimeBinary("bun") },
    { name: "deno", family: "deno", binary: runtimeBinary("deno") },
  ];
}

const work = mkdtempSync(join(tmpdir(), "pxos-consumer-"));
const packs = join(work, "packs");
const env: Record<string, string | undefined> = {
  ...process.env,
  NO_COLOR: "1",
  // Fresh: a cached copy of a package of the same version would hide what was just packed.
  DENO_DIR: join(work, "deno-dir"),
  BUN_INSTALL_CACHE_DIR: join(work, "bun-cache"),
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
};

function sh(cmd: string[], cwd: string, extra: Record<string, string | undefined> = {}): SpawnSyncReturns<string> {
  const [bin, ...args] = cmd as [string, ...string[]];
  return spawnSync(bin, args, { cwd, encoding: "utf8", env: { ...env, ...extra }, timeout: 180_000 });
}

function ok(cmd: string[], cwd: string, extra: Record<string, string | undefined> = {}): string {
  const r = sh(cmd, cwd, extra);
  if (r.status !== 0) throw new Error(`${cmd.join(" ")} exited ${r.status}\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** The app in a fresh folder outside the repository. */
function newProject(name: string): string {
  const dir = join(work, name);
  cpSync(join(import.meta.dirname, "app"), dir, { recursive: true });
  return dir;
}

/** Serves the packs as a registry would (registry.ts) until the suite ends; resolves to its URL. */
async function startRegistry(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(runtimeBinary("bun"), [join(import.meta.dirname, "registry.ts"), packs], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((done, fail) => {
    child.stdout.once("data", (chunk: Buffer) => done(chunk.toString().split("\n")[0] as string));
    child.once("exit", (code) => fail(new Error(`registry exited ${code}`)));
  });
  return { url, stop: () => child.kill() };
}

const rows: [Installer, Runtime][] = runtimes().flatMap((rt) =>
  (rt.family === "deno" ? (["npm", "bun", "deno"] as const) : (["npm", "bun"] as const)).map((i): [Installer, Runtime] => [i, rt]),
);
/** `node`, `bun` and `deno` by those names (the repository's Bun binary is bun.exe), for PATH. */
const runtimeDir = join(work, "runtimes");
mkdirSync(runtimeDir);
for (const [name, binary] of [
  ["node", "node24"],
  ["bun", "bun"],
  ["deno", "deno"],
] as const)
  symlinkSync(runtimeBinary(binary), join(runtimeDir, name));

const installed: Partial<Record<Installer, string>> = {};
let registry: { url: string; stop: () => void } | undefined;

/** The installs, as the README tells a user to do them. */
const INSTALL: Record<Installer, (dir: string) => void> = {
  // All the tarballs at once: npm finds each package's @pxos/* dependencies among them.
  npm: (dir) => {
    ok(["npm", "install", "--save-dev", ...readdirSync(packs).map((f) => join(packs, f))], dir);
  },
  // Bun looks a dependency's @pxos/* up in the registry: `overrides` points it at the tarballs.
  bun: (dir) => {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    pkg.overrides = Object.fromEntries(PACKAGES.filter((p) => p !== "pxos").map((p) => [`@pxos/${p}`, join(packs, `pxos-${p}-0.1.0.tgz`)]));
    writeFileSync(join(dir, "package.json"), JSON.stringify(pkg, null, 2));
    ok([runtimeBinary("bun"), "add", "--dev", ...readdirSync(packs).map((f) => join(packs, f))], dir);
  },
  // A Deno project: deno.json, `npm:` specifiers, node_modules made by Deno ("nodeModulesDir": "auto").
  deno: (dir) => {
    rmSync(join(dir, "package.json"));
    writeFileSync(join(dir, "deno.json"), `${JSON.stringify({ nodeModulesDir: "auto" })}\n`);
    ok([runtimeBinary("deno"), "add", "npm:pxos@0.1.0", "npm:@pxos/core@0.1.0"], dir, { NPM_CONFIG_REGISTRY: registry?.url });
  },
};

beforeAll(async () => {
  mkdirSync(packs);
  ok(["npm", "pack", ...PACKAGES.flatMap((p) => ["-w", `packages/${p}`]), "--pack-destination", packs], REPO);
  registry = await startRegistry();
  for (const installer of new Set(rows.map(([i]) => i))) {
    const dir = newProject(`installed-${installer}`);
    INSTALL[installer](dir);
    installed[installer] = dir;
  }
}, 600_000);

afterAll(() => {
  registry?.stop();
  rmSync(work, { recursive: true, force: true });
}, 60_000);

if (rows.some(([i]) => i === "npm"))
  test("the installed declarations type an app under TypeScript's nodenext resolution", () => {
    const dir = join(work, "types");
    cpSync(installed.npm as string, dir, { recursive: true, verbatimSymlinks: true });
    writeFileSync(
      join(dir, "check.ts"),
      [
        'import { getPixelStats, type PixelStats } from "@pxos/core";',
        'import { register } from "@pxos/node-hook";',
        'import { pxosPlugin } from "@pxos/bun-plugin";',
        'import { generateImportMap } from "@pxos/deno-loader";',
        'import { main } from "pxos/cli";',
        "const stats: PixelStats = getPixelStats();",
        "const modules: number = stats.totalModules;",
        "// @ts-expect-error: the declarations are typed, not any",
        "const wrong: string = stats.totalModules;",
        'export const all = [modules, wrong, register, pxosPlugin, generateImportMap, main(["--version"])];',
        "",
      ].join("\n"),
    );
    const compilerOptions = {
      module: "nodenext",
      moduleResolution: "nodenext",
      target: "es2023",
      strict: true,
      noEmit: true,
      typeRoots: [join(REPO, "node_modules", "@types"), join(REPO, "node_modules")],
      types: ["node", "bun-types"],
    };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["check.ts"] }));
    expect(sh([process.execPath, join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", dir], dir).stdout).toBe("");
  }, 60_000);

/** A runtime's README commands; on Node, `npx pxos` for encoding and the same bin without npm's start-up after. */
function commands(rt: Runtime) {
  const { binary } = rt;
  if (rt.family === "node")
    return {
      encode: ["npx", "pxos"],
      cli: [binary, join("node_modules", ".bin", "pxos")],
      plain: (e: string) => [binary, e],
      pixels: (e: string) => [binary, "--import", "@pxos/node-hook/register", e],
    };
  if (rt.family === "bun")
    return {
      encode: [binary, "x", "--bun", "pxos"],
      cli: [binary, "x", "--bun", "pxos"],
      plain: (e: string) => [binary, e],
      pixels: (e: string) => [binary, "--preload", "@pxos/bun-plugin/preload", e],
    };
  return {
    encode: [binary, "run", "-A", "npm:pxos"],
    cli: [binary, "run", "-A", "npm:pxos"],
    plain: (e: string) => [binary, "run", "-A", e],
    pixels: (e: string) => [binary, "run", "-A", "--import-map=pxos.importmap.json", e],
  };
}

describe.each(rows.map(([installer, rt]) => [installer, rt.name, rt] as const))("installed by %s, on %s", (installer, _name, rt) => {
  const { encode, cli, plain, pixels } = commands(rt);
  // This runtime first on PATH (npx and `pxos run` find it there), the others after it.
  const PATH = [dirname(rt.binary), runtimeDir, process.env.PATH].join(delimiter);
  const name = `${installer}-${rt.name.replace(/\W/g, "-")}`;
  // pxos's default cache location, the user's cache directory, under this test's folder.
  const cacheHome = join(work, `cache-${name}`);
  const rowEnv = () => ({
    PATH,
    XDG_CACHE_HOME: cacheHome,
    PXOS_CACHE_DIR: process.platform === "linux" ? undefined : join(cacheHome, "pxos"),
    // `npm:pxos` as if published: Deno resolves a specifier its lockfile lacks from the registry.
    NPM_CONFIG_REGISTRY: registry?.url,
  });
  let dir = "";
  const expected: Record<string, string> = {};

  beforeAll(() => {
    dir = join(work, name);
    cpSync(installed[installer] as string, dir, { recursive: true, verbatimSymlinks: true });
    for (const [key, entry] of Object.entries(ENTRIES)) expected[key] = ok(plain(entry), dir, rowEnv());
  }, 120_000);

  test("encode, then the sources are poisoned", () => {
    ok([...encode, "encode", "."], dir, rowEnv());
    if (rt.family === "deno") ok([...cli, "import-map"], dir, rowEnv());
    for (const file of readdirSync(join(dir, "src"))) writeFileSync(join(dir, "src", file), file.endsWith(".json") ? "not JSON: read from disk" : POISON);
    expect(sh(plain(ENTRIES.main), dir, rowEnv()).status).not.toBe(0);
  }, 120_000);

  test("runs from pixels as the plain run did: TypeScript, JSON, a dynamic import", () => {
    const r = sh(pixels(ENTRIES.main), dir, rowEnv());
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(expected.main as string);
    expect(r.stdout).toBe("Hello, installed pxos!\nA DYNAMIC IMPORT ARRIVED\n");
  }, 60_000);

  test("CommonJS by require() from pixels", () => {
    const r = sh(pixels(ENTRIES.commonjs), dir, rowEnv());
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(expected.commonjs as string);
  }, 60_000);

  test("getPixelStats() imported from the installed @pxos/core", () => {
    const r = sh(pixels("src/stats.ts"), dir, rowEnv());
    expect(r.stderr).toBe("");
    const stats = JSON.parse(r.stdout);
    expect(stats).toMatchObject({ installed: true, served: true });
    expect(stats.adapter).toStartWith(rt.family);
  }, 60_000);

  // Every target from an npm install; from the others, the runtime the row is about.
  test.each(installer === "npm" ? ["node", "bun", "deno"] : [rt.family])(
    "pxos run --runtime %s",
    (target) => {
      const r = sh([...cli, "run", ENTRIES.main, "--runtime", target], dir, rowEnv());
      expect(r.stderr).not.toContain("Error");
      expect(r.stdout).toBe(expected.main as string);
      expect(r.status).toBe(0);
    },
    60_000,
  );

  test("pxos repl imports from the pixels, the sources poisoned", () => {
    const quit = rt.family === "deno" ? "close()" : ".exit";
    // One line: piped, the runtime's REPL reads the next line before an await on this one settles.
    const input = `console.log((await import("./src/greet.ts")).greet("from the REPL"))\n${quit}\n`;
    const [bin, ...args] = [...cli, "repl", "--runtime", rt.family];
    const r = spawnSync(bin as string, args, { cwd: dir, encoding: "utf8", env: { ...env, ...rowEnv() }, input, timeout: 60_000 });
    expect(r.stdout + r.stderr).toContain("pixel importer installed");
    expect(r.stdout).toContain("Hello, from the REPL!");
    expect(r.stdout + r.stderr).not.toContain("this source ran from disk");
    expect(r.status).toBe(0);
  }, 60_000);

  if (installer === "npm")
    test("pxos view serves its page script from the installed package", async () => {
      const [bin, ...args] = [...cli, "view"];
      const child = spawn(bin as string, args, { cwd: dir, env: { ...env, ...rowEnv() }, stdio: ["ignore", "pipe", "ignore"] });
      try {
        const url = await new Promise<string>((done, fail) => {
          child.stdout.once("data", (chunk: Buffer) => done(chunk.toString().split("\n")[0]?.trim() as string));
          child.once("exit", (code) => fail(new Error(`pxos view exited ${code}`)));
        });
        const script = await fetch(new URL("/client.js", url));
        expect(script.status).toBe(200);
        expect(await script.text()).toContain("putImageData");
      } finally {
        child.kill();
      }
    }, 60_000);

  test("the cache is in the user's cache directory, not in the project", () => {
    // Bun keeps no cache: it reads the pixels faster than it would read a cache.
    if (rt.family !== "bun") expect(readdirSync(join(cacheHome, "pxos"))).not.toHaveLength(0);
    expect(existsSync(join(dir, ".pxos-cache"))).toBe(false);
    expect(existsSync(join(dir, "node_modules", ".cache", "pxos"))).toBe(false);
  });
});
