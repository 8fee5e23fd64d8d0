/**
 * Boot overhead: one generated TypeScript app of N modules (~3 KB of
 * erasable TS each, importing others by relative path), run from plain files
 * and from pixels, A B A B… in one run; medians of whole-process wall time.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateSigningKeys, packCartridge, signManifest } from "@pxos/core";
import { type RuntimeName, runtimeBinary } from "../tests/support/runtimes.ts";
import { REPO } from "./corpus.ts";

/** The CLI as a user runs it, under Node 24, with the app's cache. */
function pxos(dir: string, args: string[], env: Record<string, string> = {}): void {
  const run = spawnSync(runtimeBinary("node24"), [join(REPO, "packages", "pxos", "bin", "pxos.mjs"), ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, PXOS_CACHE_DIR: cacheOf(dir), ...env },
  });
  if (run.status !== 0) throw new Error(`pxos ${args[0]}: ${run.stderr}`);
}

/** Deno's maps made as a user makes them: `pxos import-map` under Node, which writes the mirror. */
export const importMap = (dir: string, args: string[], env: Record<string, string> = {}) => pxos(dir, ["import-map", ...args], env);

/**
 * `pxos encode` under Node 24, as a user encodes (with the forms it derives: Bun's ready JavaScript,
 * Node 24's stripped JavaScript), and the manifest signed for the trust-key runs (`DIR.key.pub`).
 */
export function encodeSigned(dir: string): void {
  pxos(dir, ["encode", "."]);
  const { privatePem, publicPem } = generateSigningKeys();
  writeFileSync(`${dir}.key`, privatePem, { mode: 0o600 });
  writeFileSync(`${dir}.key.pub`, publicPem);
  signManifest(join(dir, "pixel_manifest.json"), `${dir}.key`);
}

/** Module i imports 2i+1 and 2i+2: a tree, so each module is reached once and depth stays log N. */
export function generateApp(dir: string, n: number): void {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cacheOf(dir), { recursive: true, force: true });
  mkdirSync(join(dir, "src"), { recursive: true });
  for (let i = 0; i < n; i++) {
    const kids = [2 * i + 1, 2 * i + 2].filter((k) => k < n);
    const lines = kids.map((k) => `import { total${k} } from "./m${k}.ts";`);
    lines.push(`export interface Item${i} {\n  id: number;\n  label: string;\n  tags: readonly string[];\n}\n`);
    for (let f = 0; f < 8; f++) {
      lines.push(
        `export function build${i}_${f}(id: number, label = "item-${i}-${f}"): Item${i} {\n  const tags: string[] = [label.toUpperCase(), String(id * ${f + 3})];\n  if (id % 2 === 0) tags.push("even");\n  return { id, label, tags } satisfies Item${i};\n}\n`,
      );
    }
    lines.push(`export const total${i}: number = ${kids.map((k) => `total${k}`).join(" + ") || "0"} + build${i}_0(${i}).tags.length;`);
    writeFileSync(join(dir, "src", `m${i}.ts`), `${lines.join("\n")}\n`);
  }
  writeFileSync(join(dir, "main.ts"), `import { total0 } from "./src/m0.ts";\nconsole.log(total0);\n`);
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  encodeSigned(dir);
  // pxos's cache as the encode left it, for the first run after it (asEncoded).
  cpSync(join(cacheOf(dir), "sources"), encodedSources(dir), { recursive: true });
  writeFileSync(join(dir, CARTRIDGE), packCartridge({ root: dir, entry: "main.ts" }).image);
  importMap(dir, []);
  importMap(dir, ["--out", outside(dir, "data")], { PXOS_CACHE: "0" });
  importMap(dir, ["--cartridge", CARTRIDGE, "--out", outside(dir, "cartridge")]);
}

export interface Variant {
  name: string;
  runtime: RuntimeName;
  args: string[];
  env?: Record<string, string>;
  /** Run before each timed run, untimed. */
  before?: () => void;
}

const encodedSources = (dir: string) => `${cacheOf(dir)}.encoded-sources`;

/** Puts pxos's cache back as `pxos encode` left it: the sources it kept, no run's stripped JavaScript. */
export function asEncoded(dir: string): void {
  rmSync(join(cacheOf(dir), "stripped"), { recursive: true, force: true });
  rmSync(join(cacheOf(dir), "sources"), { recursive: true, force: true });
  cpSync(encodedSources(dir), join(cacheOf(dir), "sources"), { recursive: true });
}

export const CARTRIDGE = "app.pxc.png";
/** pxos's cache for the app: beside it, as Deno's mirror may not be inside the project. */
export const cacheOf = (dir: string) => `${dir}.pxos-cache`;
/** Extra maps live beside the app, not in it, where `pxos encode` would take them for modules. */
const outside = (dir: string, kind: string) => `${dir}.${kind}.importmap.json`;
/** A Bun preload installing a runtime plugin that matches nothing: what any plugin costs Bun. */
const EMPTY_PLUGIN = join(REPO, "bench", "empty-plugin.ts");

/**
 * The same app four ways: plain files, one image per module (pxos's cache warm, as after the first
 * run), the same with the cache off, one cartridge (its entry exists only inside it). Bun has no
 * cache; its fourth variant is the floor any runtime plugin costs it.
 */
export function variants(runtime: RuntimeName, dir: string): { plain: Variant; pixels: Variant; uncached: Variant; cartridge: Variant; trusted?: Variant } {
  const entry = join(dir, CARTRIDGE, "main.ts");
  const env = { PXOS_CARTRIDGE: join(dir, CARTRIDGE) };
  if (runtime === "deno") {
    // Import maps made beforehand by `pxos import-map`, as a user runs it once per encode.
    const denoEnv = { DENO_DIR: join(REPO, ".deno") };
    return {
      plain: { name: "plain", runtime, args: ["run", "-A", "main.ts"], env: denoEnv },
      pixels: { name: "pixels", runtime, args: ["run", "-A", "--import-map=pxos.importmap.json", "main.ts"], env: denoEnv },
      uncached: { name: "uncached", runtime, args: ["run", "-A", `--import-map=${outside(dir, "data")}`, "main.ts"], env: denoEnv },
      cartridge: { name: "cartridge", runtime, args: ["run", "-A", `--import-map=${outside(dir, "cartridge")}`, entry], env: denoEnv },
    };
  }
  if (runtime === "bun") {
    const preload = ["--preload", "@pxos/bun-plugin/preload"];
    return {
      plain: { name: "plain", runtime, args: ["main.ts"] },
      pixels: { name: "pixels", runtime, args: [...preload, "main.ts"] },
      uncached: { name: "uncached", runtime, args: ["--preload", EMPTY_PLUGIN, "main.ts"] },
      cartridge: { name: "cartridge", runtime, args: [...preload, "--eval", `await import(${JSON.stringify(`file://${entry}`)})`], env },
      trusted: { name: "trusted", runtime, args: [...preload, "main.ts"], env: trustOf(dir) },
    };
  }
  const register = ["--import", "@pxos/node-hook/register"];
  return {
    plain: { name: "plain", runtime, args: ["main.ts"] },
    pixels: { name: "pixels", runtime, args: [...register, "main.ts"] },
    uncached: { name: "uncached", runtime, args: [...register, "main.ts"], env: { PXOS_CACHE: "0" } },
    cartridge: { name: "cartridge", runtime, args: [...register, entry], env },
    trusted: { name: "trusted", runtime, args: [...register, "main.ts"], env: trustOf(dir) },
  };
}

/** Under the app's trust key, its release state beside it. */
const trustOf = (dir: string) => ({ PXOS_TRUST: `${dir}.key.pub`, PXOS_TRUST_STATE: `${dir}.trust-state` });

/** Wall time of one fresh process, in ms. */
export function timeRun(dir: string, v: Variant): number {
  v.before?.();
  const start = performance.now();
  const run = spawnSync(runtimeBinary(v.runtime), v.args, {
    cwd: dir,
    env: { ...process.env, PXOS_CACHE_DIR: cacheOf(dir), ...v.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const ms = performance.now() - start;
  if (run.status !== 0) throw new Error(`${v.runtime} ${v.name}: ${run.stderr}`);
  return ms;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[s.length >> 1] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

/**
 * A B A B… `rounds` times after two warm-ups each (the first fills pxos's cache and Deno's code
 * cache; one was not always enough for Deno to settle); returns medians.
 */
export function interleave(dir: string, list: Variant[], rounds: number): Record<string, number> {
  for (let i = 0; i < 2; i++) for (const v of list) timeRun(dir, v);
  const times: Record<string, number[]> = Object.fromEntries(list.map((v) => [v.name, []]));
  for (let r = 0; r < rounds; r++) for (const v of list) times[v.name]?.push(timeRun(dir, v));
  return Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, median(xs)]));
}

export const BOOT_WORK = join(REPO, "bench", ".work");
