import { lstatSync, readdirSync, type Stats } from "node:fs";
import { join } from "node:path";
import picomatch from "picomatch";
import { PxosError } from "../base/errors.ts";
import { loaderFor } from "../base/loaders.ts";
import { CACHE_DIR_NAME, DEFAULT_IMPORT_MAP, DEFAULT_MANIFEST } from "../base/names.ts";
import { readRegularFile } from "../io/read-file.ts";
import { MANIFEST_VERSION } from "../manifest/manifest.ts";

export interface WalkOptions {
  /** Absolute directories never entered (the encoder's own output). */
  skipDirs?: readonly string[];
  /** Absolute files never listed (the manifest itself). */
  skipFiles?: readonly string[];
  include?: readonly string[];
  exclude?: readonly string[];
}

/** Which modules of a project a command takes: everything under `root` (default "."), narrowed by globs. */
export interface ModuleSelection {
  root?: string;
  include?: readonly string[];
  exclude?: readonly string[];
}

/** Folders never entered: installed packages (resolved from disk, never pixels), git's store, pxos's cache. */
const ALWAYS_SKIPPED = new Set(["node_modules", ".git", CACHE_DIR_NAME]);

/**
 * Files with a module's extension that no runtime ever imports, left out unless an `--include`
 * glob names them. The one list of them (docs/semantics.md points here):
 * - lockfiles, read by package managers only (those without a module extension are listed for completeness);
 * - pxos's own outputs: the manifest and import map under their default names (any other file that
 *   parses as a pxos manifest or import map is left out too, see {@link isPxosOutput});
 * - tool configuration read by compilers, linters and runtimes themselves, never through an import.
 * `package.json` is not among them: module resolution reads it (its `"type"`, `"imports"`) from the pixels.
 */
export const DEFAULT_EXCLUDED_FILES: readonly string[] = [
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lock",
  "bun.lockb",
  "deno.lock",
  DEFAULT_MANIFEST,
  DEFAULT_IMPORT_MAP,
  "tsconfig.json",
  "tsconfig.*.json",
  "jsconfig.json",
  "deno.json",
  "deno.jsonc",
  "bunfig.toml",
  ".eslintrc.json",
  ".prettierrc.json",
  "biome.json",
  "biome.jsonc",
  ".swcrc",
  ".babelrc.json",
];
const defaultExcluded = picomatch(DEFAULT_EXCLUDED_FILES as string[], { dot: true, basename: true });

/**
 * Module files under `root` as sorted POSIX paths relative to it. Skips
 * `node_modules`, `.git`, pxos's cache (`.pxos-cache`), symlinks (no cycles, nothing from outside),
 * {@link DEFAULT_EXCLUDED_FILES} and pxos's own manifests and import maps wherever they are, and
 * what `skipDirs`/`skipFiles` name; `include`/`exclude` are globs on the relative path (an included
 * path is taken even when the defaults leave it out). A module whose path is not valid UTF-8 is
 * refused by name: keys are UTF-8, and a mangled one would name another file.
 *
 * @example
 * listModules("/app", { exclude: ["**\/*.test.ts"] }) // ["src/main.ts", …]
 */
export function listModules(root: string, opts: WalkOptions = {}): string[] {
  const { skipDirs, skipFiles, included, excluded } = selection(opts);
  const out: string[] = [];
  const visit = (dir: string, rel: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => byName(a.name, b.name))) {
      const abs = join(dir, entry.name);
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      const isDir = entry.isDirectory();
      if (isDir ? ALWAYS_SKIPPED.has(entry.name) || skipDirs.has(abs) : !entry.isFile() || !loaderFor(entry.name) || skipFiles.has(abs)) continue;
      const mangled = entry.name.includes("\uFFFD") && !exists(abs);
      if (isDir) {
        // Globs select files; a folder is left out only when its name cannot be walked and a glob covers what is in it.
        if (!mangled) visit(abs, relPath);
        else if (!excluded(`${relPath}/`) && !excluded(`${relPath}/*`)) refuseMangled(abs, relPath);
      } else if (!excluded(relPath)) {
        if (mangled) refuseMangled(abs, relPath);
        if (included ? included(relPath) : !defaultExcluded(relPath) && !isPxosOutput(abs)) out.push(relPath);
      }
    }
  };
  visit(root, "");
  return out;
}

/**
 * Whether {@link listModules} would take the file at a POSIX path under `root` were it there: how
 * `pxos encode` tells a module whose source is gone from one the options now leave out. Built once
 * for a selection (its globs compile once). Only a file that exists can be a pxos output, so that
 * check is not made.
 *
 * @example
 * wouldList("/app", { exclude: ["src/**"] })("src/gone.ts") // false
 */
export function wouldList(root: string, opts: WalkOptions = {}): (relPath: string) => boolean {
  const { skipDirs, skipFiles, included, excluded } = selection(opts);
  return (relPath) => {
    const segments = relPath.split("/");
    const name = segments.pop() as string;
    let dir = root;
    for (const segment of segments) {
      dir = join(dir, segment);
      if (ALWAYS_SKIPPED.has(segment) || skipDirs.has(dir)) return false;
    }
    if (!loaderFor(name) || skipFiles.has(join(dir, name)) || excluded(relPath)) return false;
    return included ? included(relPath) : !defaultExcluded(relPath);
  };
}

/**
 * What is at a module's path under `root`, reached as the walk reaches files (through folders only,
 * never a link): the regular file's stats, `missing` when nothing is there, else what stands in
 * the way (`link`, or `other`: a file where a folder was, a folder where the file was).
 *
 * @example
 * fileAt("/app", "src/a.ts") // Stats, "missing", "link" or "other"
 */
export function fileAt(root: string, relPath: string): Stats | "missing" | "link" | "other" {
  const segments = relPath.split("/");
  let path = root;
  for (const [i, segment] of segments.entries()) {
    path = join(path, segment);
    let stats: Stats;
    try {
      stats = lstatSync(path);
    } catch {
      return "missing";
    }
    if (stats.isSymbolicLink()) return "link";
    if (i < segments.length - 1 ? !stats.isDirectory() : !stats.isFile()) return "other";
    if (i === segments.length - 1) return stats;
  }
  return "missing";
}

/**
 * The order {@link listModules} gives paths in: each folder's names sorted, a folder's files where
 * its name falls among them — so path by path, segment by segment.
 *
 * @example
 * ["a.ts", "a/b.ts", "a-b.ts"].sort(walkOrder) // ["a/b.ts", "a-b.ts", "a.ts"]
 */
export function walkOrder(a: string, b: string): number {
  const x = a.split("/");
  const y = b.split("/");
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return byName(x[i] as string, y[i] as string);
  return x.length - y.length;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function selection(opts: WalkOptions) {
  return {
    skipDirs: new Set(opts.skipDirs ?? []),
    skipFiles: new Set(opts.skipFiles ?? []),
    included: opts.include?.length ? picomatch(opts.include as string[], { dot: true }) : undefined,
    excluded: opts.exclude?.length ? picomatch(opts.exclude as string[], { dot: true }) : () => false,
  };
}

/** The runtime replaces bytes that are not UTF-8 with U+FFFD: then the name it gave does not exist. */
function exists(abs: string): boolean {
  try {
    lstatSync(abs);
    return true;
  } catch {
    return false;
  }
}

function refuseMangled(abs: string, relPath: string): never {
  throw new PxosError(
    "BAD_PATH",
    `the name ${JSON.stringify(relPath)} (� marks bytes that are not UTF-8) is not valid UTF-8: pxos records paths as UTF-8; rename it, or leave it out with --exclude`,
    abs,
  );
}

/** A JSON file pxos wrote: a manifest or an import map, under whatever name. Only `.json` files are read. */
export function isPxosOutput(abs: string): boolean {
  if (!abs.endsWith(".json") || abs.endsWith("package.json")) return false;
  try {
    const json = JSON.parse(readRegularFile(abs, { maxBytes: MAX_SNIFF_BYTES }).toString("utf8"));
    return (json?.version === MANIFEST_VERSION && typeof json.root === "string" && isObject(json.modules)) || (isObject(json?.imports) && isObject(json.pxos));
  } catch {
    return false;
  }
}

/** A manifest of a very large project is still far below this; a bigger JSON file is data, not pxos's. */
const MAX_SNIFF_BYTES = 256 * 1024 * 1024;

const isObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
