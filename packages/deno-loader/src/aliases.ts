/**
 * pxos resolves a relative import the same on every runtime (TypeScript's
 * "bundler" rules: `./util` → `./util/index.ts`, `./a.js` → `./a.ts`), where
 * Deno wants the file's exact path. The import map gives Deno each such path
 * the modules' imports use, read with es-module-lexer. JSX it does not know
 * (it throws on some, and on `<b>/*</b>` silently misses what follows), so for
 * a .jsx/.tsx module, one it cannot read, or a computed import(), every path
 * pxos's rules reach any module by goes in instead: a larger map, which Deno
 * parses at every start.
 */
import { basename, dirname, extname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isPathSpecifier, resolvePathSpecifier } from "@pxos/core/runtime";
import { parse } from "es-module-lexer";

const TWINS: Record<string, string[]> = { ".ts": [".js"], ".tsx": [".js", ".jsx"], ".mts": [".mjs"], ".cts": [".cjs"] };

/**
 * @example
 * aliases(new Map([["/app/main.ts", 'import "./util";']]), ["/app/main.ts", "/app/util/index.ts"], has)
 * // Map { "/app/util" => "/app/util/index.ts" }
 */
export function aliases(sources: Map<string, string>, modules: string[], has: (path: string) => boolean): Map<string, string> {
  const out = new Map<string, string>();
  const add = (path: string, importer: string) => {
    const target = has(path) ? undefined : resolvePathSpecifier(path, importer, has);
    if (target) out.set(path, target);
  };
  for (const [importer, source] of sources) {
    const specifiers = /\.[jt]sx$/.test(importer) ? undefined : importsOf(source);
    if (!specifiers) return everyAlias(modules, has);
    for (const s of specifiers)
      if (isPathSpecifier(s)) add(s.startsWith("file:") ? fileURLToPath(s) : resolve(dirname(importer), s.replace(/[?#].*$/, "")), importer);
  }
  return out;
}

/** The module's import specifiers, or undefined when es-module-lexer cannot read them all. */
function importsOf(source: string): string[] | undefined {
  try {
    const [imports] = parse(source);
    const specifiers: string[] = [];
    for (const imp of imports) {
      if (imp.type === "import-meta") continue;
      if (imp.specifier === undefined || imp.specifier === null || (imp.type === "dynamic" && imp.glob)) return undefined;
      specifiers.push(imp.specifier);
    }
    return specifiers;
  } catch {
    return undefined;
  }
}

function everyAlias(modules: string[], has: (path: string) => boolean): Map<string, string> {
  const out = new Map<string, string>();
  for (const path of modules) {
    const ext = extname(path);
    const stem = path.slice(0, -ext.length);
    for (const other of [stem, ...(TWINS[ext] ?? []).map((e) => stem + e), ...(basename(stem) === "index" ? [dirname(stem)] : [])]) {
      const target = has(other) ? undefined : resolvePathSpecifier(other, other, has);
      if (target) out.set(other, target);
    }
  }
  return out;
}

export interface PackageRoutes {
  /** Specifier → module, where every importer reaches the same one. */
  imports: Map<string, string>;
  /** Importer → its own specifier → module, where importers disagree. */
  scopes: Map<string, Map<string, string>>;
}

/**
 * Deno resolves a bare name by itself, a workspace member from the package.json on disk and any other
 * package through node_modules to its real path: to the disk copy even when the pixels hold the package.
 * Each bare specifier the modules import that pxos's rules take to a pixel module gets an entry instead
 * (what es-module-lexer misreads in a JSX module only adds an entry nothing uses).
 */
export function packageRoutes(sources: Map<string, string>, resolve: (specifier: string, importer: string) => string | undefined): PackageRoutes {
  const uses = new Map<string, Map<string, string>>();
  for (const [importer, source] of sources) {
    for (const s of importsOf(source) ?? []) {
      if (isPathSpecifier(s) || s.startsWith("#") || /^[a-zA-Z][a-zA-Z\d+.-]*:/.test(s)) continue;
      const target = resolve(s, importer);
      if (target === undefined) continue;
      if (!uses.has(s)) uses.set(s, new Map());
      uses.get(s)?.set(importer, target);
    }
  }
  const out: PackageRoutes = { imports: new Map(), scopes: new Map() };
  for (const [specifier, byImporter] of uses) {
    const targets = new Set(byImporter.values());
    if (targets.size === 1) {
      out.imports.set(specifier, [...targets][0] as string);
      continue;
    }
    for (const [importer, target] of byImporter) {
      if (!out.scopes.has(importer)) out.scopes.set(importer, new Map());
      out.scopes.get(importer)?.set(specifier, target);
    }
  }
  return out;
}
