/**
 * The guard every mirrored ES module imports first, generated as a string
 * (Deno-only code): refuses to run from an import map whose manifest has
 * changed since it was made; under a trust key, checks every mirrored file
 * against the SHA-256 recorded from the verified pixels before any module
 * body runs; gives each module its original `import.meta`; and sets up
 * getPixelStats(). Being its own module, its names cannot be shadowed by the app's.
 * Without a trust key, the map's entries import it (mirror.ts) and the mirrored modules call the
 * function it leaves on `globalThis` (prefix.ts).
 */
import { PIXEL_QUERY, STATS_KEY } from "@pxos/core/runtime";
import { GUARD_SPECIFIER, MODULE_CALL } from "./prefix.ts";
import { privateSource } from "./private-paths.ts";
import { releaseSource } from "./release-guard.ts";

export interface GuardInfo {
  manifestPath: string;
  manifestSha256: string;
  importMapPath: string;
  totalModules: number;
  totalBytes: number;
  /** Under a trust key: the manifest's signed release, checked again at run time (release-guard.ts). */
  release?: number;
  /** The mirror's folder: `createRequire()` of a pixel module resolves there. */
  mirror: string;
  /**
   * The entries (mirror.ts), where the map sends the modules' own URLs. The guard must then finish
   * before the modules an entry imports after it run, so it awaits nothing (no digest): the manifest
   * is current while it is the very file the map was made from (`identity`: inode, size,
   * modification time), or holds the bytes of `snapshot`.
   */
  entries?: { root: string; identity: string; snapshot: string };
  /** Loads node:module to point `createRequire(import.meta.url)` into the mirror: only when the pixels hold CommonJS. */
  commonJs: boolean;
  /** Under a trust key: each mirrored file, its size and the SHA-256 it must have. */
  verify?: [file: string, size: number, sha256: string][];
  /** SHA-256 of all those files back to back, in that order. */
  verifyAll?: string;
}

export function guardSource(info: GuardInfo): string {
  const j = JSON.stringify;
  const stale = `pxos: ${info.importMapPath} is stale: ${info.manifestPath} changed or is gone since the import map was generated; run \`pxos import-map\` again (or use \`pxos run\`) [STALE_IMPORT_MAP]`;
  const cannotCheck = (path: string) => j(`pxos: cannot check that ${info.importMapPath} is current without --allow-read=${path}`);
  // Deno's own APIs, not node:fs/node:crypto: loading Deno's Node layer costs every start (BENCHMARKS.md, measured once).
  // The digest, awaited, only where every mirrored module imports the guard (without entries).
  const hex = info.entries
    ? ""
    : `const hex = async (bytes) => Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)), (b) => b.toString(16).padStart(2, "0")).join("");\n`;
  const parts = [
    `${hex}const readable = (path) => Deno.permissions.querySync({ name: "read", path }).state === "granted";
// Only a regular file is read, as everywhere in pxos: a FIFO in a file's place would hang the start.
const regular = (path) => {
  let info;
  try { info = Deno.statSync(path); } catch { return false; }
  if (info.isFile) return true;
  console.error("pxos: " + path + ": not a regular file; pxos reads only regular files [IO]");
  Deno.exit(1);
};
const manifest = ${j(info.manifestPath)};
${info.entries ? currentSync(info.entries, j(stale), cannotCheck(info.manifestPath), cannotCheck(info.entries.snapshot)) : currentAsync(info.manifestSha256, j(stale), cannotCheck(info.manifestPath))}`,
  ];
  if (info.verify) parts.push(verifySource(info.verify, info.mirror, info.verifyAll ?? "", info.importMapPath), forkSource(info.importMapPath));
  if (info.release !== undefined) parts.push(releaseSource(info.release, info.manifestPath));
  if (info.commonJs) parts.push(requireSource(info.mirror));
  parts.push(`const stats = { installed: true, adapter: "deno", totalModules: ${info.totalModules}, totalBytes: ${info.totalBytes}, manifestPath: manifest, loadedModules: 0 };
globalThis[Symbol.for(${j(STATS_KEY)})] = stats;
export default function pixelModule(meta, url, path) {
  stats.loadedModules++;
  if (meta === undefined) return;
  const own = meta.resolve;
  meta.url = url + ${j(PIXEL_QUERY)};
  meta.filename = path;
  meta.dirname = path.slice(0, path.lastIndexOf("/")) || "/";
  meta.resolve = (specifier) => (/^\\.{0,2}\\//.test(specifier) ? new URL(specifier, url).href : own(specifier));${
    info.entries === undefined
      ? ""
      : `
  // Deno's main module is the entry (mirror.ts), which Deno.mainModule names by the module's own URL.
  meta.main = Deno.mainModule === url;`
  }
}
Object.defineProperty(globalThis, ${j(MODULE_CALL)}, { value: pixelModule });
`);
  return parts.join("\n");
}

/** The manifest's SHA-256 as the map recorded it, awaited: every mirrored module imports the guard, so none runs before this ends. */
function currentAsync(sha256: string, stale: string, unchecked: string): string {
  return `if (readable(manifest)) {
  let current = "";
  try { if (regular(manifest)) current = await hex(Deno.readFileSync(manifest)); } catch {}
  if (current !== ${JSON.stringify(sha256)}) {
    console.error(${stale});
    Deno.exit(1);
  }
} else {
  console.error(${unchecked});
}`;
}

/** The same without awaiting (see {@link GuardInfo.entries}): the file the map was made from, or its bytes. */
function currentSync(entries: { identity: string; snapshot: string }, stale: string, unchecked: string, snapshotUnchecked: string): string {
  const j = JSON.stringify;
  return `if (readable(manifest)) {
  let current = false;
  try {
    if (regular(manifest)) {
      const { ino, size, mtime } = Deno.statSync(manifest);
      current = \`\${ino}:\${size}:\${mtime?.getTime()}\` === ${j(entries.identity)};
      if (!current && !readable(${j(entries.snapshot)})) {
        console.error(${snapshotUnchecked});
        current = true;
      } else if (!current) {
        const latin1 = new TextDecoder("latin1");
        current = latin1.decode(Deno.readFileSync(manifest)) === latin1.decode(Deno.readFileSync(${j(entries.snapshot)}));
      }
    }
  } catch {}
  if (!current) {
    console.error(${stale});
    Deno.exit(1);
  }
} else {
  console.error(${unchecked});
}`;
}

/**
 * One SHA-256 over every file back to back (their sizes fixed, so no two sets of contents agree)
 * costs a fraction of a digest per file; the per-file hashes only name the culprit. Deno read these
 * files before this runs: a file swapped back in between is the gap docs/security.md names.
 */
function verifySource(files: [string, number, string][], mirror: string, all: string, importMapPath: string): string {
  const j = JSON.stringify;
  return `if (!readable(${j(mirror)})) {
  console.error(${j(`pxos: a trust key is set: cannot verify the mirrored modules without --allow-read=${mirror} [UNSIGNED]`)});
  Deno.exit(1);
}
{
  const files = ${j(files)};
  ${privateSource()}
  for (const path of [import.meta.filename, ${j(importMapPath)}, ...files.map(([file]) => file)]) {
    const why = privatePath(path);
    if (why !== undefined) {
      console.error("pxos: " + path + ": " + why + " [UNSAFE_LOCATION]");
      Deno.exit(1);
    }
  }
  const read = (file) => { try { return regular(file) ? Deno.readFileSync(file) : new Uint8Array(0); } catch { return new Uint8Array(0); } };
  const contents = files.map(([file]) => read(file));
  let bad = files.find(([, size], i) => contents[i].length !== size)?.[0];
  if (bad === undefined) {
    const joined = new Uint8Array(contents.reduce((n, c) => n + c.length, 0));
    contents.reduce((at, c) => (joined.set(c, at), at + c.length), 0);
    if ((await hex(joined)) !== ${j(all)}) for (const [i, [file, , sha]] of files.entries()) if ((await hex(contents[i])) !== sha) bad ??= file;
  }
  if (bad !== undefined) {
    console.error("pxos: " + bad + ": mirrored module differs from the signed pixels; run \`pxos import-map\` again [CHECKSUM_MISMATCH]");
    Deno.exit(1);
  }
}`;
}

/**
 * A forked Deno (node:child_process fork) starts with no import map and would run the file on disk. Deno's
 * fork reads \`process.execArgv\` starting with \`run\` as its own arguments, so under a trust key the child
 * gets the map and the guard too. Not without one: touching \`process\` loads Deno's Node layer at every start.
 */
function forkSource(importMapPath: string): string {
  return `globalThis.process.execArgv.push("run", ${JSON.stringify(`--import-map=${importMapPath}`)}, "--preload=${GUARD_SPECIFIER}");`;
}

/**
 * \`createRequire(import.meta.url)\` gets the original path, where what the module requires may be gone or
 * differ: relative files, and \`#\` imports and its own package's exports read from the package.json on disk.
 * Every request resolves from the module's mirrored twin first (the mirror holds the pixels' package.json
 * files and links the rest), and from the original folder when the mirror cannot resolve it.
 */
function requireSource(mirror: string): string {
  return `{
  const Module = process.getBuiltinModule("node:module");
  const resolveFilename = Module._resolveFilename;
  const mirror = ${JSON.stringify(mirror)};
  // A pixel module is a real file in the mirror, anything else a link to the disk: a path reached through
  // a link (a workspace package in node_modules) that names a pixel module runs from its mirrored twin.
  const pixelTwin = (path) => {
    if (path.startsWith(mirror + "/") || !path.startsWith("/")) return path;
    try { return Deno.lstatSync(mirror + path).isFile ? mirror + path : path; } catch { return path; }
  };
  Module._resolveFilename = function (request, parent, ...rest) {
    const from = parent?.filename;
    if (typeof from === "string" && from.startsWith("/") && !from.startsWith(mirror + "/")) {
      const twin = mirror + from;
      try {
        Deno.statSync(twin);
        return pixelTwin(resolveFilename.call(this, request, { ...parent, id: twin, filename: twin, paths: Module._nodeModulePaths(twin.slice(0, twin.lastIndexOf("/"))) }, ...rest));
      } catch {}
    }
    return pixelTwin(resolveFilename.call(this, request, parent, ...rest));
  };
}`;
}
