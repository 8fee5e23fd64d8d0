/**
 * @pxos/deno-loader — Deno has no runtime plugin API, so pxos writes the
 * verified modules into a mirror of the project in its cache (mirror.ts), where
 * Deno resolves and runs them by its own rules, and an import map that sends
 * each pixel module's file URL there and everything else back to disk.
 *
 * `deno run --import-map=pxos.importmap.json main.ts`
 */
import { createHash } from "node:crypto";
import { type Dirent, existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { readRegularFile } from "@pxos/core";
import { assertPrivate, DEFAULT_IMPORT_MAP, type OptionsInput, PixelModules, resolveOptions } from "@pxos/core/runtime";
import { aliases, packageRoutes } from "./aliases.ts";
import { DENO_DIR_UNSAFE, denoDir } from "./deno-dir.ts";
import { guardSource } from "./guard.ts";
import { type Mirror, writeIfChanged, writeMirror } from "./mirror.ts";
import { GUARD_SPECIFIER } from "./prefix.ts";
import { UNSAFE } from "./private-paths.ts";
import { projectImports } from "./project-imports.ts";
import { JAVASCRIPT_SUFFIX } from "./twins.ts";

export { DEFAULT_IMPORT_MAP } from "@pxos/core/runtime";
export { GUARD_SPECIFIER } from "./prefix.ts";

export interface ImportMap {
  imports: Record<string, string>;
  scopes?: Record<string, Record<string, string>>;
  /** Deno ignores unknown top-level keys; pxos keeps its provenance here. */
  /** `entries`: where the modules' own URLs lead, without a trust key (mirror.ts). */
  pxos: { version: 2; manifest: string; manifestSha256: string; mirror: string; entries?: string };
}

/**
 * `cacheDir` is the folder the mirror goes in (`<dir>/deno/…`); off (`false`, or `PXOS_CACHE=0`)
 * makes a fresh mirror in the system's temporary folder: Deno needs the files.
 */
export interface ImportMapOptions extends OptionsInput {
  /** Where the map will be written (named in the guard's messages); default next to the manifest. */
  out?: string;
}

/**
 * Build the mirror and the import map for a manifest. Every module is read
 * through core, so a damaged image fails here, before anything can run.
 *
 * @example
 * const { map, path } = generateImportMap({ manifest: "pixel_manifest.json" });
 * writeFileAtomic(path, `${JSON.stringify(map, null, 2)}\n`);
 */
export function generateImportMap(opts: ImportMapOptions = {}): { map: ImportMap; path: string; modules: number } {
  const { out, ...given } = opts;
  const options = resolveOptions(given);
  const pixels = PixelModules.open(options);
  const { manifest } = pixels;
  const path = resolve(out ?? join(dirname(manifest.path), DEFAULT_IMPORT_MAP));
  const manifestBytes = readRegularFile(manifest.path);
  const manifestSha256 = createHash("sha256").update(manifestBytes).digest("hex");
  const folder = options.cacheDir ? join(options.cacheDir, "deno") : temporaryDir();
  // Under a trust key every mirrored module imports the guard, however Deno reaches it.
  const mirror = writeMirror(pixels, folder, { entries: !pixels.trusted });
  const guard = guardSource({
    manifestPath: manifest.path,
    manifestSha256,
    importMapPath: path,
    totalModules: manifest.moduleCount,
    totalBytes: manifest.totalBytes,
    release: pixels.trusted ? manifest.release : undefined,
    mirror: mirror.root,
    entries:
      mirror.entries === undefined
        ? undefined
        : { root: mirror.entries, identity: fileIdentity(manifest.path), snapshot: writeSnapshot(folder, manifestSha256, manifestBytes) },
    commonJs: mirror.commonJs,
    verify: pixels.trusted ? mirror.files.map((f) => [f.file, f.size, f.sha256]) : undefined,
    verifyAll: mirror.sha256,
  });
  const guardFile = writeGuard(folder, guard);
  if (pixels.trusted) {
    assertPrivate([guardFile, dirname(path), ...mirror.files.map((f) => f.file)], UNSAFE);
    assertPrivate([denoDir(process.env)], DENO_DIR_UNSAFE);
  }
  const into = inMirror(mirror);
  const entry = entryOf(mirror);
  const packages = packageRoutes(mirror.sources, (specifier, importer) => pixels.resolve(specifier, importer, DENO_CONDITIONS));
  const project = dirname(manifest.path);
  const own = routes(mirror, project, (p) => pixels.has(p));
  // An import map maps once: the project's own entries that name a pixel module must name its mirror file.
  const projectUrl = pathToFileURL(`${project}/`).href;
  const mirrored = (target: string) => {
    const routed = own[target];
    if (routed !== undefined || !target.startsWith(projectUrl)) return routed ?? target;
    // Under a folder key: a module by its own path, a folder as the mirror's folder.
    const path = fileURLToPath(target);
    if (pixels.has(path)) return entry(path);
    return target.endsWith("/") ? `${entry(path).replace(/\/?$/, "/")}` : target;
  };
  const intoMirror = (table: Record<string, string>) => Object.fromEntries(Object.entries(table).map(([specifier, target]) => [specifier, mirrored(target)]));
  const carried = projectImports(project);
  const imports: Record<string, string> = {
    ...intoMirror(carried.imports),
    [GUARD_SPECIFIER]: pathToFileURL(guardFile).href,
    ...own,
    ...Object.fromEntries([...packages.imports].map(([specifier, target]) => [specifier, entry(target)])),
  };
  const scopes = Object.fromEntries(Object.entries(carried.scopes).map(([scope, table]) => [scope, intoMirror(table)]));
  for (const [importer, own] of packages.scopes) {
    scopes[into(importer)] = { ...scopes[into(importer)], ...Object.fromEntries([...own].map(([specifier, target]) => [specifier, into(target)])) };
  }
  const map: ImportMap = {
    imports,
    ...(Object.keys(scopes).length ? { scopes } : {}),
    pxos: { version: 2, manifest: manifest.path, manifestSha256, mirror: mirror.root, ...(mirror.entries ? { entries: mirror.entries } : {}) },
  };
  return { map, path, modules: mirror.modules.length };
}

/** The conditions Deno's resolver matches in `exports` and `imports` for an import ("default" always applies). */
const DENO_CONDITIONS = ["deno", "node", "import"];

/** Where the map sends a module's own URL: its entry (mirror.ts), or its mirror file under a trust key. */
const entryOf =
  (mirror: Mirror) =>
  (path: string): string =>
    mirror.entries ? pathToFileURL(mirror.entries + path).href : inMirror(mirror)(path);

/** A path's file in the mirror: a module's JavaScript for Deno where it has some (twins.ts). */
const inMirror =
  (mirror: Mirror) =>
  (path: string): string =>
    pathToFileURL(mirror.root + path + (mirror.javaScript.has(path) ? JAVASCRIPT_SUFFIX : "")).href;

/**
 * Each module's original URL leads to its entry (or mirror file), as do the other paths pxos's resolution reaches
 * it by (aliases.ts). Nothing else: inside the mirror Deno resolves by itself, and a mirror file's own
 * aliases lead to mirror files. For every specifier no
 * key names exactly, Deno walks all the map's keys looking for a folder prefix (denoland/import_map,
 * `resolve_imports_match`), so a key per module slows its start in proportion: below the project's
 * own folder, one key per top folder of pixel modules sends
 * everything in it to the mirror (which links what the pixels do not hold back to the disk). A folder
 * holding a `node_modules` at any depth keeps a key per module, so no package is ever reached through
 * the mirror, and so does the project's own folder (a `node_modules` may appear there later).
 */
function routes(mirror: Mirror, project: string, has: (path: string) => boolean): Record<string, string> {
  const url = (path: string) => pathToFileURL(path).href;
  const into = inMirror(mirror);
  const entry = entryOf(mirror);
  const out: Record<string, string> = {};
  const packages = holdsNodeModules();
  for (const { path } of mirror.modules) {
    let top: string | undefined;
    for (let dir = dirname(path); dir.startsWith(`${project}/`) && !packages(dir); dir = dirname(dir)) top = dir;
    if (top === undefined) out[url(path)] = entry(path);
    else out[`${url(top)}/`] = `${entry(top)}/`;
  }
  const paths = mirror.modules.map((m) => m.path);
  for (const [alias, target] of aliases(mirror.sources, paths, has)) {
    out[url(alias)] = entry(target);
    out[into(alias)] = into(target);
  }
  return out;
}

/** Whether a folder is, or holds at any depth, a `node_modules` on disk (memoized: each folder read once). */
function holdsNodeModules(): (dir: string) => boolean {
  const known = new Map<string, boolean>();
  const holds = (dir: string): boolean => {
    let found = known.get(dir);
    if (found === undefined) {
      found = dir.split("/").includes("node_modules");
      if (!found) {
        let entries: Dirent[] = [];
        try {
          entries = readdirSync(dir, { withFileTypes: true });
        } catch {}
        found = entries.some((e) => e.name === "node_modules") || entries.some((e) => e.isDirectory() && holds(join(dir, e.name)));
      }
      known.set(dir, found);
    }
    return found;
  };
  return holds;
}

/**
 * The guard as a file named by its SHA-256: every module imports it, and Deno parses a long `data:` URL
 * again at each import (under a trust key the guard lists every file's hash).
 */
function writeGuard(folder: string, source: string): string {
  const file = join(folder, `guard-${createHash("sha256").update(source).digest("hex").slice(0, 32)}.mjs`);
  writeIfChanged(file, source);
  return file;
}

/** What the guard compares first (guard.ts): a file rewritten or replaced has another. */
function fileIdentity(path: string): string {
  const { ino, size, mtimeMs } = statSync(path);
  return `${ino}:${size}:${Math.floor(mtimeMs)}`;
}

/** The manifest's bytes as the map was made from them, named by their SHA-256, for the guard to compare with a manifest that was touched. */
function writeSnapshot(folder: string, sha256: string, bytes: Uint8Array): string {
  const file = join(folder, `manifest-${sha256.slice(0, 32)}.json`);
  writeIfChanged(file, bytes);
  return file;
}

/** A new folder each time: with the cache off nothing is reused, and nobody else can have prepared it. */
function temporaryDir(): string {
  return mkdtempSync(join(tmpdir(), "pxos-deno-"));
}

/**
 * Whether an import map can be reused: made by this pxos from the manifest with this SHA-256, and
 * every file it points into the mirror still there (a cleared cache means regenerate).
 * Any text at all is accepted without throwing: a malformed map is simply not current.
 *
 * @example
 * if (!isImportMapCurrent(readFileSync(path, "utf8"), currentSha)) regenerate();
 */
export function isImportMapCurrent(text: string, manifestSha256: string): boolean {
  try {
    const map = JSON.parse(text) as Partial<ImportMap> | null;
    if (map?.pxos?.version !== 2 || map.pxos.manifestSha256 !== manifestSha256 || typeof map.imports !== "object" || map.imports === null) return false;
    return Object.values(map.imports).every((url) => typeof url === "string" && (!url.startsWith("file:") || existsSync(fileURLToPath(url))));
  } catch {
    return false;
  }
}
