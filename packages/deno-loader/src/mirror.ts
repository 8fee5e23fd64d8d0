/**
 * The mirror: verified modules written into a folder of pxos's cache that
 * repeats their absolute paths (`<cache>/deno/<hash>.pxos/app/src/a.ts`), with
 * the package.json files the pixels hold. Deno then resolves everything inside
 * it with its own rules — relative imports, JSX, CommonJS, `#` imports and
 * package conditions — exactly as for the files. What the pixels do not hold
 * is a symlink to the file on disk, so packages resolve (to their real paths:
 * one instance) and plain files load as from the original folder. The folder
 * is named by the SHA-256 of the modules it holds; files are written only when
 * missing or changed, links made again at every map.
 *
 * A TypeScript ES module with JavaScript derived for Deno (derive.ts) runs from that JavaScript,
 * written beside it as `<name>.mjs`: Deno then looks up no emit of TypeScript for it. Its imports
 * of other such modules name their `.mjs` directly; its own file becomes a wrapper re-exporting it,
 * for what reaches it by name (a computed import, a module without such JavaScript).
 *
 * Without a trust key, the map sends the modules' own URLs into a twin of that folder, the entries
 * (`<hash>.pxos-entry`), where each ES module is a wrapper that imports the guard first and then
 * re-exports the mirrored module: whatever way Deno enters the project (the command line, a plain
 * file, a worker, an import by URL), the guard runs before any mirrored module, so those need no
 * import of it each (prefix.ts); imports between mirrored modules stay inside the mirror. Under a
 * trust key every mirrored module imports the guard itself, however it is reached.
 */
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { readRegularFile, writeFileAtomic } from "@pxos/core";
import { DENO_FORM, type Loader, type PixelModules, PxosError } from "@pxos/core/runtime";
import { init, parse } from "es-module-lexer";
import { GUARD_SPECIFIER, withCall, withGuard } from "./prefix.ts";
import { JAVASCRIPT_SUFFIX, namingJavaScript } from "./twins.ts";

await init;

export interface MirroredModule {
  /** The module's original absolute path. */
  path: string;
  /** Its file in the mirror. */
  file: string;
}

export interface MirroredFile {
  file: string;
  /** SHA-256 and size of what the file holds (a module, plus the guard statement in an ES module). */
  sha256: string;
  size: number;
}

export interface Mirror {
  root: string;
  /** The entries' folder, where the map sends the modules' own URLs; undefined when each module imports the guard (under a trust key). */
  entries?: string;
  modules: MirroredModule[];
  /** Every file written for the modules, their JavaScript for Deno included: what a trust key verifies. */
  files: MirroredFile[];
  /** The modules that run from their JavaScript for Deno (`<file>.mjs`). */
  javaScript: Set<string>;
  /** True when some module is CommonJS. */
  commonJs: boolean;
  /** The ES modules' own text (their imports go through the import map). */
  sources: Map<string, string>;
  /** SHA-256 of every file back to back, in `files` order. */
  sha256: string;
}

const sha256 = (text: string | Uint8Array) => createHash("sha256").update(text).digest("hex");

/**
 * @example
 * const mirror = writeMirror(pixels, "/home/me/.cache/pxos/deno");
 * mirror.modules[0] // { path: "/app/src/a.ts", file: "/home/me/.cache/pxos/deno/9c1e….pxos/app/src/a.ts", sha256: "…" }
 */
export function writeMirror(pixels: PixelModules, dir: string, opts: { entries?: boolean } = {}): Mirror {
  const { manifest } = pixels;
  const project = dirname(manifest.path);
  if (`${dir}/`.includes("/node_modules/") || `${dir}/`.startsWith(`${project}/`)) {
    throw new PxosError(
      "USAGE",
      `Deno reads a folder under node_modules as package code, and one inside the project (${project}) as part of it, resolving # imports with the package.json on disk: pxos's cache for Deno must be elsewhere (set PXOS_CACHE_DIR)`,
      dir,
    );
  }
  const texts = new Map<string, string | Uint8Array>();
  const loaders = new Map<string, Loader>();
  // A TypeScript ES module's JavaScript for Deno, where `pxos encode` derived some (derive.ts).
  const derived = new Map<string, string>();
  for (const key of manifest.keys()) {
    const path = manifest.modulePath(key);
    const mod = pixels.read(path, { form: DENO_FORM });
    if (mod.form === DENO_FORM) derived.set(path, new TextDecoder().decode(mod.bytes));
    texts.set(path, mod.form === DENO_FORM ? pixels.read(path).bytes : mod.bytes);
    loaders.set(path, mod.loader);
  }
  let commonJs = false;
  const sources = new Map<string, string>();
  // ES module → whether its entry re-exports a default; a module missing here imports the guard itself.
  const wrapped = new Map<string, boolean>();
  const javaScript = new Map<string, string>();
  for (const [path, bytes] of texts) {
    if (loaders.get(path) === "json") continue;
    const source = new TextDecoder().decode(bytes as Uint8Array);
    const format = formatOf(path, loaders.get(path) as Loader, (dir) => pixels.packageType(dir), source);
    if (format === "commonjs") commonJs = true;
    else sources.set(path, derived.get(path) ?? source);
    // A script (no module syntax, no "type") is what require() reads as CommonJS too.
    if (format === "script") commonJs = true;
    if (format !== "module") continue;
    // Its JavaScript, where es-module-lexer reads it (it reads any JavaScript) and no file of the project has its name: its own file then forwards to it.
    const js = derived.get(path);
    const jsDefault = js === undefined ? undefined : defaultExport(js, "js");
    const twin = path + JAVASCRIPT_SUFFIX;
    if (js !== undefined && jsDefault !== undefined && !pixels.has(twin) && !existsSync(twin)) {
      javaScript.set(path, js);
      texts.set(path, wrapper(`./${basename(path)}${JAVASCRIPT_SUFFIX}`, jsDefault, false));
      if (opts.entries) wrapped.set(path, jsDefault);
      continue;
    }
    const hasDefault = opts.entries ? defaultExport(source, loaders.get(path) as Loader) : undefined;
    texts.set(path, (hasDefault === undefined ? withGuard : withCall)(source, pathToFileURL(path).href, path));
    // A module that spells globalThis imports the guard anyway (prefix.ts): its entry only forwards.
    if (hasDefault !== undefined) wrapped.set(path, hasDefault);
  }
  const named = namingJavaScript(javaScript, (specifier, importer) => pixels.resolve(specifier, importer));
  const ready = new Map<string, string>();
  for (const [path, js] of javaScript) {
    const text = named(js, path);
    const prefixed = opts.entries ? withCall(text, pathToFileURL(path).href, path) : withGuard(text, pathToFileURL(path).href, path);
    ready.set(path + JAVASCRIPT_SUFFIX, prefixed);
  }
  const listing = [...texts, ...ready].map(([path, text]) => ({ path, sha256: sha256(text), size: Buffer.byteLength(text) }));
  // Sixteen digits: each character of a module's path costs Deno's start, per module (BENCHMARKS.md, Measured once).
  const id = sha256(JSON.stringify(listing)).slice(0, 16);
  const root = join(dir, `${id}.pxos`);
  const files = listing.map((entry) => ({ file: root + entry.path, sha256: entry.sha256, size: entry.size }));
  for (const [path, text] of [...texts, ...ready]) writeIfChanged(root + path, text);
  const modules = [...texts.keys()].map((path) => ({ path, file: root + path }));
  const links = symlinks(texts, project);
  for (const target of links) placeLink(root + target, target);
  const entries = opts.entries ? join(dir, `${id}.pxos-entry`) : undefined;
  if (entries) {
    for (const path of texts.keys()) {
      const hasDefault = wrapped.get(path);
      const target = pathToFileURL(root + path + (javaScript.has(path) ? JAVASCRIPT_SUFFIX : "")).href;
      if (hasDefault !== undefined) writeIfChanged(entries + path, wrapper(target, hasDefault));
      else placeLink(entries + path, root + path);
    }
    for (const target of links) placeLink(entries + target, target);
  }
  const all = createHash("sha256");
  for (const [, text] of [...texts, ...ready]) all.update(text);
  return { root, entries, modules, files, javaScript: new Set(javaScript.keys()), commonJs, sources, sha256: all.digest("hex") };
}

/**
 * An ES module's entry: the guard first, then the mirrored module's exports (`export *` leaves the
 * default out; `export { default }` does not link for a module without one, and importing the
 * module's namespace instead cost Deno as much as the guard imports it replaces). Without the guard:
 * a module's own file forwarding to its JavaScript, which runs the guard itself where it must.
 */
function wrapper(url: string, hasDefault: boolean, guard = true): string {
  const target = JSON.stringify(url);
  return `${guard ? `import "${GUARD_SPECIFIER}";\n` : ""}export * from ${target};\n${hasDefault ? `export { default } from ${target};\n` : ""}`;
}

/**
 * Whether the module exports a default at run time, by es-module-lexer (which tells a TypeScript
 * default for types only, such as `export default interface`, that Deno drops); undefined when it
 * cannot tell, JSX included (the lexer may misread it without throwing: aliases.ts).
 */
function defaultExport(source: string, loader: Loader): boolean | undefined {
  if (loader === "jsx" || loader === "tsx") return undefined;
  try {
    return parse(source)[1].some((e) => e.type !== "reexport-all" && e.name === "default" && !e.typeOnly);
  } catch {
    return undefined;
  }
}

type Format = "module" | "commonjs" | "script";

/**
 * Deno's reading of a module: by extension, and for `.js`/`.ts` the nearest package.json `"type"`.
 * Without a `"type"` Deno reads it as an ES module, unless `--unstable-detect-cjs` finds no module
 * syntax: such a file is left as it is, so either reading works. One es-module-lexer cannot lex
 * (TypeScript it misreads) is taken as an ES module, Deno's default.
 */
function formatOf(path: string, loader: Loader, kind: (dir: string) => unknown, source: string): Format {
  if (loader === "cjs" || loader === "cts") return "commonjs";
  if (loader !== "js" && loader !== "ts") return "module";
  const type = kind(dirname(path));
  if (type === "commonjs") return "commonjs";
  if (type === "module") return "module";
  try {
    return parse(source)[3] ? "module" : "script";
  } catch {
    return "module";
  }
}

/**
 * What the mirror links to on disk, so what leaves the pixels resolves as from the original folder
 * (the import map could send it back, but an entry per mirrored module costs Deno a fifth of its
 * start): in the project, every file and folder beside the modules that the pixels do not hold (a
 * plain file, `node_modules`); above it, each `node_modules` and package.json on the way to `/`.
 */
function symlinks(texts: Map<string, unknown>, project: string): string[] {
  const mirrored = new Set<string>();
  for (const path of texts.keys()) for (let dir = dirname(path); !mirrored.has(dir); dir = dirname(dir)) mirrored.add(dir);
  const links: string[] = [];
  for (const dir of mirrored) {
    const inside = dir === project || dir.startsWith(`${project}/`);
    for (const name of inside ? entries(dir) : ["node_modules", "package.json"]) {
      const target = join(dir, name);
      if (texts.has(target) || mirrored.has(target) || (!inside && !existsSync(target))) continue;
      links.push(target);
    }
  }
  return links;
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function placeLink(link: string, target: string): void {
  try {
    if (lstatSync(link).isSymbolicLink() && readlinkSync(link) === target) return;
    rmSync(link, { recursive: true, force: true });
  } catch {
    mkdirSync(dirname(link), { recursive: true });
  }
  try {
    symlinkSync(target, link);
  } catch (err) {
    // Another `pxos import-map` made the same link meanwhile.
    if ((err as NodeJS.ErrnoException).code !== "EEXIST" || readlinkSync(link) !== target) throw err;
  }
}

/**
 * Writes `text` unless the file already holds exactly it: files in use are never rewritten in place,
 * and anything but a regular file with these bytes (a FIFO would hang the read) is written again.
 */
export function writeIfChanged(file: string, text: string | Uint8Array): void {
  let same = false;
  try {
    same = readRegularFile(file).equals(typeof text === "string" ? Buffer.from(text) : text);
  } catch {}
  if (!same) writeFileAtomic(file, text);
}
