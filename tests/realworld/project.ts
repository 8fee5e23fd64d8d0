/**
 * Builds, encodes and runs the real-world projects: plain with each runtime's own command, and
 * from pixels with the adapter's documented one (tests/conformance/adapters.ts), the sources on
 * disk deleted or replaced by stubs that fail if they ever run.
 */
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { cpSync, existsSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { Manifest } from "@pxos/core";
import { ADAPTERS } from "../conformance/adapters.ts";
import { REPO, type RuntimeName, runtimeBinary } from "../support/runtimes.ts";
import type { RealWorldCase } from "./cases.ts";

export const RUNTIMES = ["bun", "node22", "node24", "deno"] as const satisfies RuntimeName[];
export type Runtime = (typeof RUNTIMES)[number];
export const MODES = ["deleted", "stubbed"] as const;
export type Mode = (typeof MODES)[number];

const CORPUS = import.meta.dirname;
const PACKAGES = join(CORPUS, "node_modules");
export const WORK = join(REPO, "tests", ".work", "realworld");
/** Outside every project copy: the Deno adapter refuses a cache inside the project (Deno would resolve `#` imports there against the package.json on disk). */
const CACHES = join(REPO, "tests", ".work", "realworld-cache");
const PXOS = join(REPO, "packages", "pxos", "bin", "pxos.mjs");
/** Read by the runtime itself to configure loading (module type, "imports", main, Deno's flags): never a module, so never removed. */
const CONFIG_FILES = new Set(["package.json", "deno.json", "tsconfig.json"]);

/** The corpus's own pinned install, outside the root lockfile; a fresh clone gets it from the registry on first use. */
export function ensureCorpusInstalled(): void {
  if (existsSync(join(PACKAGES, ".package-lock.json"))) return;
  const run = spawnSync("npm", ["ci", "--prefix", CORPUS, "--ignore-scripts", "--no-audit", "--no-fund"], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`npm ci in tests/realworld failed:\n${run.stderr}`);
}

const built = new Map<string, { source: string; encoded: string }>();

/** The project as written (`source`) and the same after `pxos encode` (`encoded`), built once per test process. */
function templates(spec: RealWorldCase): { source: string; encoded: string } {
  const known = built.get(spec.name);
  if (known) return known;
  ensureCorpusInstalled();
  const source = join(WORK, spec.name, "source");
  const encoded = join(WORK, spec.name, "encoded");
  rmSync(join(WORK, spec.name), { recursive: true, force: true });
  cpSync(join(CORPUS, "cases", spec.name), source, { recursive: true });
  // What the drivers print with (show, frame), as a module of each project.
  cpSync(join(CORPUS, "driver", "report.cjs"), join(source, "report.cjs"));
  const skip = new Set(spec.skip);
  for (const [from, to] of spec.copies) {
    cpSync(join(PACKAGES, from), join(source, to), { recursive: true, filter: (path) => !skip.has(basename(path)) });
  }
  cpSync(source, encoded, { recursive: true });
  const encode = spawnSync(runtimeBinary("node24"), [PXOS, "encode", "."], { cwd: encoded, encoding: "utf8" });
  if (encode.status !== 0) throw new Error(`pxos encode failed for ${spec.name}:\n${encode.stderr}`);
  const result = { source, encoded };
  built.set(spec.name, result);
  return result;
}

/** What every stub says when it is read or run: no run may show it, even one whose program caught the error. */
export const STUB_MARK = "the file on disk ran instead of its pixels";

function stub(key: string): string {
  if (key.endsWith(".json")) return `{ "${STUB_MARK}": ${key}\n`;
  return `throw new Error(${JSON.stringify(`${STUB_MARK}: ${key}`)});\n`;
}

/** A fresh copy of the project to run in: plain, or encoded with its sources deleted or stubbed. */
export function prepare(spec: RealWorldCase, runtime: Runtime, mode: Mode | "plain"): string {
  const { source, encoded } = templates(spec);
  const dir = join(WORK, spec.name, `${runtime}-${mode}`);
  rmSync(dir, { recursive: true, force: true });
  rmSync(cacheFor(spec, runtime, mode), { recursive: true, force: true });
  cpSync(mode === "plain" ? source : encoded, dir, { recursive: true });
  if (spec.nodeModules) symlinkSync(PACKAGES, join(dir, "node_modules"), "dir");
  if (mode === "plain") return dir;
  // Encoded again where it runs, as a user encodes a project: the forms it derives (Bun's and Deno's JavaScript, Node's stripped
  // JavaScript) are kept per manifest, in this run's cache.
  const encode = spawnSync(runtimeBinary("node24"), [PXOS, "encode", "."], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, PXOS_CACHE_DIR: cacheFor(spec, runtime, mode) },
  });
  if (encode.status !== 0) throw new Error(`pxos encode failed for ${spec.name}:\n${encode.stderr}`);
  for (const key of Manifest.load(join(dir, "pixel_manifest.json")).keys()) {
    if (CONFIG_FILES.has(key.slice(key.lastIndexOf("/") + 1))) continue;
    // Bun resolves the entry named on its command line before any plugin runs, so it must exist (docs/semantics.md).
    if (mode === "deleted" && runtime === "bun" && key === spec.entry) continue;
    if (mode === "deleted") rmSync(join(dir, key));
    else writeFileSync(join(dir, key), stub(key));
  }
  return dir;
}

/** Each run's own pxos cache, emptied with its project copy so no run reuses another's. */
const cacheFor = (spec: RealWorldCase, runtime: Runtime, mode: Mode | "plain") => join(CACHES, spec.name, `${runtime}-${mode}`);

const plainCommand: Record<Runtime, (entry: string) => string[]> = {
  bun: (entry) => [runtimeBinary("bun"), entry],
  node22: (entry) => [runtimeBinary("node22"), entry],
  node24: (entry) => [runtimeBinary("node24"), entry],
  deno: (entry) => [runtimeBinary("deno"), "run", "-A", entry],
};

/** The adapter a user runs each runtime with, exactly as the conformance suite drives it. */
const adapter = (runtime: Runtime) => ADAPTERS.find((a) => a.name === runtime)!;

/** The compared output: colour switched off as in the conformance suite, and paths with the project as `<root>`. */
const { FORCE_COLOR: _, ...inherited } = process.env;

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The commands that run the project plain or from pixels (the app's output is the last one's), and their environment. */
export function invocation(spec: RealWorldCase, runtime: Runtime, mode: Mode | "plain"): { commands: string[][]; env: Record<string, string | undefined> } {
  const commands = mode === "plain" ? [plainCommand[runtime](spec.entry)] : adapter(runtime).commands(spec.entry);
  const env: Record<string, string | undefined> = {
    ...inherited,
    NO_COLOR: "1",
    ...(mode === "plain" ? {} : adapter(runtime).env),
    PXOS_CACHE_DIR: cacheFor(spec, runtime, mode),
    ...spec.env,
  };
  if (runtime === "deno") env.DENO_DIR = join(REPO, ".deno");
  return { commands, env };
}

/** Runs the project in `dir` plain or from pixels; each command only if the one before succeeded. */
export function run(spec: RealWorldCase, runtime: Runtime, mode: Mode | "plain", dir: string): RunResult {
  const { commands, env } = invocation(spec, runtime, mode);
  let result: SpawnSyncReturns<string> | undefined;
  for (const [cmd, ...args] of commands) {
    result = spawnSync(cmd as string, args, { cwd: dir, encoding: "utf8", timeout: 120_000, env });
    if (result.status !== 0) break;
  }
  if (!result) throw new Error("no command to run");
  const normalise = (text: string) => (text ?? "").replaceAll(dir, "<root>");
  return { status: result.status, stdout: normalise(result.stdout), stderr: normalise(result.stderr) };
}
