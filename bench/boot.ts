/**
 * Boot overhead: one generated TypeScript app of N modules (~3 KB of
 * erasable TS each, importing others by relative path), run from plain files
 * and from pixels, A B A B… in one run; medians of whole-process wall time.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeProject, packCartridge, writeFileAtomic } from "@pxos/core";
import { generateImportMap, type ImportMap } from "@pxos/deno-loader";

const writeImportMap = ({ map, path }: { map: ImportMap; path: string }) => writeFileAtomic(path, `${JSON.stringify(map)}\n`);

import { type RuntimeName, runtimeBinary } from "../tests/support/runtimes.ts";
import { REPO } from "./corpus.ts";

/** Module i imports 2i+1 and 2i+2: a tree, so each module is reached once and depth stays log N. */
export function generateApp(dir: string, n: number): void {
  rmSync(dir, { recursive: true, force: true });
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
  encodeProject({ root: dir });
  writeFileSync(join(dir, CARTRIDGE), packCartridge({ root: dir, entry: "main.ts" }).image);
  writeImportMap(generateImportMap({ manifest: join(dir, "pixel_manifest.json") }));
  writeImportMap(generateImportMap({ cartridge: join(dir, CARTRIDGE), out: join(dir, `${CARTRIDGE}.importmap.json`) }));
}

export interface Variant {
  name: string;
  runtime: RuntimeName;
  args: string[];
  env?: Record<string, string>;
}

export const CARTRIDGE = "app.pxc.png";

/** The same app three ways: plain files, one image per module, one cartridge (its entry exists only inside it). */
export function variants(runtime: RuntimeName, dir: string): { plain: Variant; pixels: Variant; cartridge: Variant } {
  const entry = join(dir, CARTRIDGE, "main.ts");
  const env = { PXOS_CARTRIDGE: join(dir, CARTRIDGE) };
  if (runtime === "deno") {
    // Import maps made beforehand by `pxos import-map`, as a user runs it once per encode.
    const denoEnv = { DENO_DIR: join(REPO, ".deno") };
    return {
      plain: { name: "plain", runtime, args: ["run", "-A", "main.ts"], env: denoEnv },
      pixels: { name: "pixels", runtime, args: ["run", "-A", "--import-map=pxos.importmap.json", "main.ts"], env: denoEnv },
      cartridge: { name: "cartridge", runtime, args: ["run", "-A", `--import-map=${CARTRIDGE}.importmap.json`, entry], env: denoEnv },
    };
  }
  if (runtime === "bun") {
    const preload = ["--preload", "@pxos/bun-plugin/preload"];
    return {
      plain: { name: "plain", runtime, args: ["main.ts"] },
      pixels: { name: "pixels", runtime, args: [...preload, "main.ts"] },
      cartridge: { name: "cartridge", runtime, args: [...preload, "--eval", `await import(${JSON.stringify(`file://${entry}`)})`], env },
    };
  }
  const register = ["--import", "@pxos/node-hook/register"];
  return {
    plain: { name: "plain", runtime, args: ["main.ts"] },
    pixels: { name: "pixels", runtime, args: [...register, "main.ts"] },
    cartridge: { name: "cartridge", runtime, args: [...register, entry], env },
  };
}

/** Wall time of one fresh process, in ms. */
export function timeRun(dir: string, v: Variant): number {
  const start = performance.now();
  const run = spawnSync(runtimeBinary(v.runtime), v.args, { cwd: dir, env: { ...process.env, ...v.env }, stdio: ["ignore", "pipe", "pipe"] });
  const ms = performance.now() - start;
  if (run.status !== 0) throw new Error(`${v.runtime} ${v.name}: ${run.stderr}`);
  return ms;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[s.length >> 1] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

/** A B A B… `rounds` times after one warm-up each; returns medians. */
export function interleave(dir: string, list: Variant[], rounds: number): Record<string, number> {
  for (const v of list) timeRun(dir, v);
  const times: Record<string, number[]> = Object.fromEntries(list.map((v) => [v.name, []]));
  for (let r = 0; r < rounds; r++) for (const v of list) times[v.name]?.push(timeRun(dir, v));
  return Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, median(xs)]));
}

export const BOOT_WORK = join(REPO, "bench", ".work");
