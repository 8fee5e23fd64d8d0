/**
 * How a bare or `#` specifier finds a pixel module: Node's package rules —
 * `imports` (`#x`, `#x/*`), `exports` (conditions, subpaths, patterns, sugar),
 * `main`, self-reference by package name, and `node_modules/<pkg>` folders —
 * over whatever the host says exists. The host reads each package.json from
 * the pixels when the manifest holds it, so resolution sees the package.json
 * the pixels hold even when the file on disk is gone or different.
 * Condition matching is resolve.exports'.
 */
import { basename, dirname, join } from "node:path";
import { exports as resolveExports, imports as resolveImports } from "resolve.exports";
import { candidatePaths, pathAndTwins } from "./resolve.ts";

/** The package.json fields resolution reads. */
export interface PackageJson {
  name?: unknown;
  type?: unknown;
  main?: unknown;
  exports?: unknown;
  imports?: unknown;
}

export interface PackageHost {
  /** Is this absolute path a module to serve (a pixel module)? */
  has(path: string): boolean;
  /** The parsed package.json in `dir`, or undefined when there is none (or it is not JSON). */
  readPackageJson(dir: string): PackageJson | undefined;
  /** The real folder `dir` is (following a workspace's symlink), or undefined when it does not exist. */
  packageDir(dir: string): string | undefined;
}

const SCHEME = /^[a-zA-Z][a-zA-Z\d+.-]*:/;
const PACKAGE_NAME = /^((?:@[^/]+\/)?[^/]+)(\/.*)?$/;

/** True for specifiers this resolver looks at: `#x` and bare package names (not `node:`/URL schemes, not paths). */
export function isPackageSpecifier(specifier: string): boolean {
  if (specifier.startsWith("#")) return specifier.length > 1 && specifier !== "#/";
  return !SCHEME.test(specifier) && !/^[./]/.test(specifier) && specifier !== "";
}

/**
 * Resolve `#x` or a bare specifier from `importerPath` to a module `host.has`, or undefined when
 * it resolves to something else (a file outside the pixels, a built-in) or not at all: then the
 * runtime resolves it as it would anyway.
 *
 * @example
 * resolvePackageSpecifier("#util", "/app/src/main.ts", ["node", "import"], host) // "/app/lib/util.ts"
 */
export function resolvePackageSpecifier(specifier: string, importerPath: string, conditions: readonly string[], host: PackageHost): string | undefined {
  if (!isPackageSpecifier(specifier)) return undefined;
  const options: Options = { conditions: [...conditions], unsafe: true };
  const scope = packageScope(dirname(importerPath), host);
  if (specifier.startsWith("#")) {
    if (!scope?.pkg.imports) return undefined;
    const target = first(() => resolveImports(scope.pkg as never, specifier, options));
    if (target === undefined) return undefined;
    if (target.startsWith("./")) return exact(join(scope.dir, target), host);
    // A target that is itself a package name resolves as one from the package's folder.
    return isPackageSpecifier(target) && !target.startsWith("#") ? resolveBare(target, join(scope.dir, "package.json"), options, host) : undefined;
  }
  const [, name, sub = ""] = PACKAGE_NAME.exec(specifier) ?? [];
  if (!name) return undefined;
  if (scope && scope.pkg.name === name && scope.pkg.exports !== undefined) return fromPackage(scope.dir, scope.pkg, sub, options, host);
  return resolveBare(specifier, importerPath, options, host);
}

type Options = { conditions: string[]; unsafe: true };

function resolveBare(specifier: string, importerPath: string, options: Options, host: PackageHost): string | undefined {
  const [, name, sub = ""] = PACKAGE_NAME.exec(specifier) ?? [];
  if (!name) return undefined;
  for (let dir = dirname(importerPath); ; dir = dirname(dir)) {
    if (basename(dir) !== "node_modules") {
      const pkgDir = host.packageDir(join(dir, "node_modules", name));
      // Node stops at the first folder of that name: a package missing the subpath is not looked for further up.
      if (pkgDir) return fromPackage(pkgDir, host.readPackageJson(pkgDir), sub, options, host);
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** A subpath (`""` or `/x`) of the package in `dir`: through `exports` when it has them, else `main` or the file itself. */
function fromPackage(dir: string, pkg: PackageJson | undefined, sub: string, options: Options, host: PackageHost): string | undefined {
  if (pkg?.exports !== undefined && pkg.exports !== null) {
    const target = first(() => resolveExports(pkg as never, `.${sub}`, options));
    return target?.startsWith("./") ? exact(join(dir, target), host) : undefined;
  }
  const main = typeof pkg?.main === "string" && sub === "" ? pkg.main : undefined;
  return (main && anyOf(join(dir, main), dir, host)) || anyOf(join(dir, sub || "index"), dir, host);
}

/** The nearest folder holding a package.json, up to a `node_modules` boundary, as Node finds a module's package scope. */
function packageScope(dir: string, host: PackageHost): { dir: string; pkg: PackageJson } | undefined {
  for (; ; dir = dirname(dir)) {
    if (basename(dir) === "node_modules") return undefined;
    const pkg = host.readPackageJson(dir);
    if (pkg) return { dir, pkg };
    if (dirname(dir) === dir) return undefined;
  }
}

/** resolve.exports throws for a subpath a package does not export, and lists fallbacks: Node takes the first. */
function first(resolve: () => unknown): string | undefined {
  try {
    const targets = resolve();
    return Array.isArray(targets) && typeof targets[0] === "string" ? targets[0] : undefined;
  } catch {
    return undefined;
  }
}

/** `exports`/`imports` targets name a file exactly, as Node requires (a `.js` target may be a `.ts` module's twin, as for relative imports). */
function exact(path: string, host: PackageHost): string | undefined {
  for (const candidate of pathAndTwins(path)) if (host.has(candidate)) return candidate;
  return undefined;
}

/** `main` and subpaths without `exports`: extensions and `index` files are tried, as for require(). */
function anyOf(path: string, dir: string, host: PackageHost): string | undefined {
  for (const candidate of candidatePaths(path, dir)) if (host.has(candidate)) return candidate;
  return undefined;
}
