import { readdirSync } from "node:fs";
import { join } from "node:path";
import picomatch from "picomatch";
import { CACHE_DIR_NAME } from "./cache.ts";
import { loaderFor } from "./loaders.ts";
import { DEFAULT_IMPORT_MAP } from "./manifest.ts";

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

const ALWAYS_SKIPPED = new Set(["node_modules", ".git", CACHE_DIR_NAME]);
/** Files pxos itself generates next to a project: never modules of it. */
const GENERATED_FILES = new Set([DEFAULT_IMPORT_MAP]);

/**
 * Module files under `root` as sorted POSIX paths relative to it. Skips
 * `node_modules`, `.git`, pxos's cache (`.pxos-cache`), symlinks (no cycles, nothing from outside), the
 * import map pxos writes (`pxos.importmap.json`) and
 * what `skipDirs`/`skipFiles` name; `include`/`exclude` are globs on the relative path.
 *
 * @example
 * listModules("/app", { exclude: ["**\/*.test.ts"] }) // ["src/main.ts", …]
 */
export function listModules(root: string, opts: WalkOptions = {}): string[] {
  const skipDirs = new Set(opts.skipDirs ?? []);
  const skipFiles = new Set(opts.skipFiles ?? []);
  const included = opts.include?.length ? picomatch(opts.include as string[], { dot: true }) : () => true;
  const excluded = opts.exclude?.length ? picomatch(opts.exclude as string[], { dot: true }) : () => false;
  const out: string[] = [];
  const visit = (dir: string, rel: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const abs = join(dir, entry.name);
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!ALWAYS_SKIPPED.has(entry.name) && !skipDirs.has(abs)) visit(abs, relPath);
      } else if (
        entry.isFile() &&
        loaderFor(entry.name) &&
        !GENERATED_FILES.has(entry.name) &&
        !skipFiles.has(abs) &&
        included(relPath) &&
        !excluded(relPath)
      ) {
        out.push(relPath);
      }
    }
  };
  visit(root, "");
  return out;
}
