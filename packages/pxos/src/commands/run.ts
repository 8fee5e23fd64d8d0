import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  checkRelease,
  DEFAULT_IMPORT_MAP,
  envWithSource,
  Manifest,
  nodePlatform,
  PxosError,
  readCartridge,
  resolveOptions,
  toHex,
  verifyManifestSignature,
  writeFileAtomic,
} from "@pxos/core";
import { GUARD_SPECIFIER, generateImportMap, isImportMapCurrent } from "@pxos/deno-loader";
import { defineCommand } from "../command.ts";

export type Runtime = "bun" | "deno" | "node";

/** The help line of `--runtime`, as run and repl take it. */
export const RUNTIME_HELP = "  --runtime NAME     bun, deno or node (default: the runtime running pxos)";

export const run = defineCommand({
  name: "run",
  summary: "boot ENTRY from the pixels on Bun, Deno or Node, passing ARGS and the exit code through",
  usage: "pxos run ENTRY|APP.pxc.png [--runtime bun|deno|node] [--manifest FILE] [-- ARGS...]",
  help: `${RUNTIME_HELP}
  --manifest FILE    manifest path (default $PXOS_MANIFEST, else ./pixel_manifest.json)
  -- ARGS...         passed to the app; on Deno the app runs with -A, and a stale or missing
                     import map is regenerated first
A cartridge runs the entry recorded when it was packed, from any directory, with nothing else on disk.`,
  options: { runtime: { type: "string" }, manifest: { type: "string" } },
  run(values, positionals) {
    const [entry, ...args] = positionals;
    if (!entry) throw new PxosError("USAGE", "run takes an ENTRY");
    const runtime = parseRuntime(values.runtime);
    const source = sourceFor(entry, values.manifest);
    const argv = commandLine(runtime, source, args);
    const child = spawnSync(executable(runtime), argv, { stdio: "inherit", env: envWithSource(process.env, source) });
    if (child.error) throw new PxosError("IO", `cannot start ${runtime}: ${child.error.message}`);
    return child.status ?? 1;
  },
});

/** `--runtime NAME`, by default the runtime running pxos. */
export function parseRuntime(value: string | undefined): Runtime {
  const runtime = value ?? currentRuntime();
  if (runtime !== "bun" && runtime !== "deno" && runtime !== "node") throw new PxosError("USAGE", `--runtime must be bun, deno or node, got ${runtime}`);
  return runtime;
}

function currentRuntime(): Runtime {
  if (process.versions.bun) return "bun";
  return "Deno" in globalThis ? "deno" : "node";
}

/** The Node or Bun adapter's file: installed beside pxos from npm; the JSR package (@pxos/cli) carries only the Deno one. */
export function adapterFile(specifier: string): string {
  let url: URL | null = null;
  try {
    url = URL.parse(import.meta.resolve(specifier));
  } catch {}
  if (url?.protocol !== "file:") throw new PxosError("NOT_FOUND", `${specifier} is not installed beside pxos: install pxos from npm to run on Bun or Node`);
  return fileURLToPath(url);
}

/** What to run from: a manifest or a cartridge (verified here, before any runtime starts), and the entry's absolute path. */
export interface Source {
  path: string;
  cartridge: boolean;
  entry: string;
  /** The project's package.json lives only in the pixels. */
  packageJsonInPixelsOnly?: boolean;
}

function sourceFor(entry: string, manifestOption: string | undefined): Source {
  const options = resolveOptions({ manifest: manifestOption });
  const { trust } = options;
  if (manifestOption === undefined && /\.png$/i.test(entry) && existsSync(entry)) {
    const path = resolve(entry);
    const file = readFileSync(path);
    if (trust) verifyManifestSignature(path, file, trust);
    const { header } = readCartridge(file, path);
    checkRelease(header.release ?? 0, path, options);
    if (!header.entry) throw new PxosError("USAGE", "the cartridge records no entry: pack it with --entry FILE", path);
    return { path, cartridge: true, entry: join(path, header.entry) };
  }
  const path = resolve(options.manifest);
  const manifest = Manifest.load(path, { trust });
  checkRelease(manifest.release, path, options);
  const abs = resolve(entry);
  if (!existsSync(abs) && manifest.keyOf(abs) === undefined) throw new PxosError("NOT_FOUND", "no such entry, on disk or in the pixels", entry);
  const packageJson = join(dirname(path), "package.json");
  return { path, cartridge: false, entry: abs, packageJsonInPixelsOnly: !existsSync(packageJson) && manifest.keyOf(packageJson) !== undefined };
}

function commandLine(runtime: Runtime, source: Source, args: string[]): string[] {
  const { entry } = source;
  if (runtime === "node") return ["--import", pathToFileURL(adapterFile("@pxos/node-hook/register")).href, entry, ...args];
  // The guard preloaded: it runs before the entry whatever the entry is (CommonJS, a script, a plain file).
  if (runtime === "deno") {
    // Deno picks its npm mode from the package.json on disk; for one only in pixels, the mode it would have picked.
    const npmMode = source.packageJsonInPixelsOnly ? ["--node-modules-dir=manual"] : [];
    return ["run", "-A", `--import-map=${freshImportMap(source)}`, `--preload=${GUARD_SPECIFIER}`, ...npmMode, entry, ...args];
  }
  const preload = ["--preload", adapterFile("@pxos/bun-plugin/preload")];
  // Bun resolves a command-line entry before any plugin runs; one that lives only in pixels is imported instead.
  return existsSync(entry) ? [...preload, entry, ...args] : [...preload, "--eval", `await import(${JSON.stringify(pathToFileURL(entry).href)})`, ...args];
}

/**
 * The import map beside the manifest (or the cartridge), regenerated when missing, made from other pixels,
 * or its cached modules are gone — or always, decoding and verifying every image again, when asked.
 */
export function freshImportMap(source: Pick<Source, "path" | "cartridge">, regenerate = false): string {
  const path = source.cartridge ? `${source.path}.importmap.json` : join(dirname(source.path), DEFAULT_IMPORT_MAP);
  const sha = toHex(nodePlatform.sha256(readFileSync(source.path)));
  const current = existsSync(path) && isImportMapCurrent(readFileSync(path, "utf8"), sha);
  // Under a trust key the map on disk is never reused: it is only as trustworthy as whoever wrote it last.
  if (!current || regenerate || resolveOptions().trust) {
    const { map } = generateImportMap({ [source.cartridge ? "cartridge" : "manifest"]: source.path, out: path });
    writeFileAtomic(path, `${JSON.stringify(map, null, 2)}\n`);
  }
  return path;
}

/**
 * The running runtime's own binary when it is the one asked for, else the first on PATH that is
 * really that runtime. `bunx --bun` puts a `node` that is Bun first on PATH, and Bun ignores
 * `--import`: handed the Node hook, it would run the sources from disk instead of the pixels.
 */
export function executable(runtime: Runtime): string {
  if (runtime === currentRuntime()) return process.execPath;
  const impostors: string[] = [];
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, process.platform === "win32" ? `${runtime}.exe` : runtime);
    try {
      accessSync(candidate, constants.X_OK);
    } catch {
      continue;
    }
    const found = identify(candidate, runtime);
    if (found === runtime) return candidate;
    impostors.push(`${candidate} is ${found}`);
  }
  if (impostors.length) throw new PxosError("NOT_FOUND", `no ${runtime} on PATH to run the pixels with (${impostors.join("; ")})`);
  throw new PxosError("NOT_FOUND", `${runtime} is not on PATH`);
}

/** What a binary named like a runtime really is: the runtime's name when it is that runtime, else a description. */
function identify(binary: string, runtime: Runtime): string {
  const probe =
    runtime === "deno"
      ? spawnSync(binary, ["eval", "console.log('deno ' + Deno.version.deno)"], { encoding: "utf8" })
      : spawnSync(binary, ["-e", "console.log(process.versions.bun ? 'bun ' + process.versions.bun : 'node ' + process.versions.node)"], {
          encoding: "utf8",
          env: { ...process.env, NODE_OPTIONS: "" },
        });
  const [name, version] = (probe.stdout ?? "").trim().split(" ");
  if (probe.status !== 0 || !name || !version) return "not a runtime pxos can identify";
  return name === runtime ? runtime : `${name === "bun" ? "Bun" : name} ${version}`;
}
