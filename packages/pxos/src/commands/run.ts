import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { defaultManifestPath, Manifest, nodePlatform, PxosError, toHex, writeFileAtomic } from "@pxos/core";
import { generateImportMap, importMapManifestSha } from "@pxos/deno-loader";
import type { Command } from "../command.ts";

type Runtime = "bun" | "deno" | "node";

export const run: Command = {
  name: "run",
  summary: "boot ENTRY from the pixels on Bun, Deno or Node, passing ARGS and the exit code through",
  usage: "pxos run ENTRY [--runtime bun|deno|node] [--manifest FILE] [-- ARGS...]",
  help: `  --runtime NAME     bun, deno or node (default: the runtime running pxos)
  --manifest FILE    manifest path (default $PXOS_MANIFEST, else ./pixel_manifest.json)
  -- ARGS...         passed to the app; on Deno the app runs with -A, and a stale or missing
                     import map is regenerated first`,
  options: { runtime: { type: "string" }, manifest: { type: "string" } },
  run(values, positionals) {
    const [entry, ...args] = positionals;
    if (!entry) throw new PxosError("USAGE", "run takes an ENTRY");
    const runtime = (values.runtime as string | undefined) ?? currentRuntime();
    if (runtime !== "bun" && runtime !== "deno" && runtime !== "node") throw new PxosError("USAGE", `--runtime must be bun, deno or node, got ${runtime}`);
    const manifestPath = resolve((values.manifest as string | undefined) ?? defaultManifestPath());
    const manifest = Manifest.load(manifestPath, { trust: process.env.PXOS_TRUST || undefined });
    const abs = resolve(entry);
    if (!existsSync(abs) && manifest.keyOf(abs) === undefined) throw new PxosError("NOT_FOUND", "no such entry, on disk or in the pixels", entry);
    const argv = commandLine(runtime, abs, manifest, args);
    const child = spawnSync(executable(runtime), argv, { stdio: "inherit", env: { ...process.env, PXOS_MANIFEST: manifestPath } });
    if (child.error) throw new PxosError("IO", `cannot start ${runtime}: ${child.error.message}`);
    return child.status ?? 1;
  },
};

function currentRuntime(): Runtime {
  if (process.versions.bun) return "bun";
  return "Deno" in globalThis ? "deno" : "node";
}

const adapterFile = (specifier: string) => fileURLToPath(import.meta.resolve(specifier));

function commandLine(runtime: Runtime, entry: string, manifest: Manifest, args: string[]): string[] {
  if (runtime === "node") return ["--import", pathToFileURL(adapterFile("@pxos/node-hook/register")).href, entry, ...args];
  if (runtime === "deno") return ["run", "-A", `--import-map=${freshImportMap(manifest)}`, entry, ...args];
  const preload = ["--preload", adapterFile("@pxos/bun-plugin/preload")];
  // Bun resolves a command-line entry before any plugin runs; one that lives only in pixels is imported instead.
  return existsSync(entry) ? [...preload, entry, ...args] : [...preload, "--eval", `await import(${JSON.stringify(pathToFileURL(entry).href)})`, ...args];
}

/** The import map next to the manifest, regenerated when missing or made from another manifest. */
function freshImportMap(manifest: Manifest): string {
  const path = join(manifest.dir, "pxos.importmap.json");
  const sha = toHex(nodePlatform.sha256(readFileSync(manifest.path)));
  const recorded = existsSync(path) ? importMapManifestSha(readFileSync(path, "utf8")) : undefined;
  // Under a trust key the map on disk is never reused: it is only as trustworthy as whoever wrote it last.
  if (recorded !== sha || process.env.PXOS_TRUST) {
    const { map } = generateImportMap({ manifest: manifest.path, out: path });
    writeFileAtomic(path, `${JSON.stringify(map, null, 2)}\n`);
  }
  return path;
}

/** The running runtime's own binary when it is the one asked for, else the first on PATH. */
function executable(runtime: Runtime): string {
  if (runtime === currentRuntime()) return process.execPath;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, runtime);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  throw new PxosError("NOT_FOUND", `${runtime} is not on PATH`);
}
