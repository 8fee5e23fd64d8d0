/**
 * Every pxos setting, its environment variable and its default, in one place: resolved once into a
 * plain object that adapters pass on whole (across Node's module.register thread boundary too).
 * Nothing else in pxos reads a PXOS_* variable (tests/unit/options.test.ts holds it to that).
 */
import { isAbsolute, join, resolve } from "node:path";
import { os } from "../base/builtins.ts";
import { PxosError } from "../base/errors.ts";
import { DEFAULT_MANIFEST } from "../base/names.ts";
import { isRelease, parseRelease } from "../manifest/release.ts";

/** The settings resolved: plain data, so a thread or process can be handed them as they are. */
export interface PxosOptions {
  /** The manifest file: `$PXOS_MANIFEST`, else `pixel_manifest.json` in the working directory. */
  manifest: string;
  /** A cartridge to serve instead of a manifest: `$PXOS_CARTRIDGE`. */
  cartridge: string | undefined;
  /** A trusted ed25519 public key file: `$PXOS_TRUST`. */
  trust: string | undefined;
  /** The lowest release a trusted run accepts: `$PXOS_TRUST_MIN_RELEASE`. */
  trustMinRelease: number | undefined;
  /** A file recording the highest release seen; a lower one is refused: `$PXOS_TRUST_STATE`. */
  trustState: string | undefined;
  /** pxos's cache folder, undefined when off (`PXOS_CACHE=0`, `off` or `false`): `$PXOS_CACHE_DIR`, else the user's cache folder. */
  cacheDir: string | undefined;
  /** Log each module and where it came from, and print stacks with errors: `PXOS_DEBUG=1`. */
  debug: boolean;
  /** `async` makes the Node hook use module.register wherever it runs: `PXOS_NODE_HOOKS=async`. */
  nodeHooks: "async" | undefined;
  /** The pixel limit for images; default the codec's own. */
  maxPixels: number | undefined;
}

/** Options as a caller gives them: any left out come from the environment or the default. */
export interface OptionsInput {
  manifest?: string | undefined;
  cartridge?: string | undefined;
  trust?: string | undefined;
  trustMinRelease?: number | undefined;
  trustState?: string | undefined;
  /** `false` turns the cache off. */
  cacheDir?: string | false | undefined;
  debug?: boolean | undefined;
  nodeHooks?: "async" | undefined;
  maxPixels?: number | undefined;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** The environment variable behind each setting. */
export const ENVIRONMENT = {
  manifest: "PXOS_MANIFEST",
  cartridge: "PXOS_CARTRIDGE",
  trust: "PXOS_TRUST",
  trustMinRelease: "PXOS_TRUST_MIN_RELEASE",
  trustState: "PXOS_TRUST_STATE",
  cacheDir: "PXOS_CACHE_DIR",
  cache: "PXOS_CACHE",
  debug: "PXOS_DEBUG",
  nodeHooks: "PXOS_NODE_HOOKS",
} as const;

const read = (env: Env, name: string): string | undefined => env[name] || undefined;

/**
 * @example
 * const options = resolveOptions({ manifest: "build/pixel_manifest.json" }); // the rest from the environment
 */
export function resolveOptions(given: OptionsInput = {}, env: Env = process.env, platform: NodeJS.Platform = process.platform): PxosOptions {
  const trust = given.trust ?? read(env, ENVIRONMENT.trust);
  const minText = read(env, ENVIRONMENT.trustMinRelease);
  const trustMinRelease = given.trustMinRelease ?? (minText === undefined ? undefined : parseRelease(minText, ENVIRONMENT.trustMinRelease));
  if (trustMinRelease !== undefined && !isRelease(trustMinRelease))
    throw new PxosError("USAGE", `the minimum release must be a non-negative integer, got ${trustMinRelease}`);
  const trustState = given.trustState ?? read(env, ENVIRONMENT.trustState);
  // A release is only as good as the signature over it: without a key these settings would protect nothing.
  if (!trust && (trustMinRelease !== undefined || trustState !== undefined))
    throw new PxosError("USAGE", `a minimum release or release state file needs a trust key (${ENVIRONMENT.trust} or the trust option)`);
  return {
    manifest: given.manifest ?? read(env, ENVIRONMENT.manifest) ?? DEFAULT_MANIFEST,
    cartridge: given.cartridge ?? read(env, ENVIRONMENT.cartridge),
    trust,
    trustMinRelease,
    trustState,
    cacheDir: given.cacheDir === false ? undefined : (given.cacheDir ?? cacheDir(env, platform)),
    debug: given.debug ?? isDebug(env),
    nodeHooks: given.nodeHooks ?? (env[ENVIRONMENT.nodeHooks] === "async" ? "async" : undefined),
    maxPixels: given.maxPixels,
  };
}

/** `PXOS_DEBUG=1`, and only that value: the one rule for every adapter and the command line. */
export function isDebug(env: Env = process.env): boolean {
  return env[ENVIRONMENT.debug] === "1";
}

/**
 * pxos's cache folder, or undefined when `PXOS_CACHE=0` turns caching off. `PXOS_CACHE_DIR` wins;
 * else the user's cache directory, where Deno keeps its DENO_DIR: `$XDG_CACHE_HOME/pxos` or
 * `~/.cache/pxos` on Linux, `~/Library/Caches/pxos` on macOS, `%LOCALAPPDATA%\pxos` on Windows.
 * Never in the project, where a cache would be encoded or committed, nor under node_modules, whose
 * files Deno treats as npm package code. One folder serves every project: what it holds is named by
 * project and content.
 *
 * @example
 * cacheDir() // "/home/me/.cache/pxos" on Linux
 */
export function cacheDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (["0", "off", "false"].includes(env[ENVIRONMENT.cache] ?? "")) return undefined;
  const dir = read(env, ENVIRONMENT.cacheDir);
  return dir ? resolve(dir) : join(userCacheDir(env, platform), "pxos");
}

/**
 * The user's cache directory, where each tool keeps a folder of its own (pxos's, Deno's DENO_DIR):
 * `$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows.
 *
 * @example
 * join(userCacheDir(), "deno") // "/home/me/.cache/deno", where Deno keeps its DENO_DIR
 */
export function userCacheDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = () => (platform === "win32" ? env.USERPROFILE : env.HOME) || os().homedir();
  if (platform === "win32") return env.LOCALAPPDATA || join(home(), "AppData", "Local");
  if (platform === "darwin") return join(home(), "Library", "Caches");
  // The XDG spec ignores a relative XDG_CACHE_HOME.
  const xdg = env.XDG_CACHE_HOME;
  return xdg && isAbsolute(xdg) ? xdg : join(home(), ".cache");
}

/** The PXOS_* variables set in `env`, for a worker or child process given an environment of its own. */
export function pxosEnv(env: Env = process.env): Record<string, string> {
  return Object.fromEntries(
    Object.values(ENVIRONMENT).flatMap((name) => {
      const value = env[name];
      return value === undefined ? [] : [[name, value]];
    }),
  );
}

/** `env` with the project's source set to `path`, a manifest or a cartridge, and the other source dropped. */
export function envWithSource(env: Env, source: { path: string; cartridge: boolean }): Record<string, string | undefined> {
  const { [ENVIRONMENT.manifest]: _manifest, [ENVIRONMENT.cartridge]: _cartridge, ...rest } = env;
  return { ...rest, [source.cartridge ? ENVIRONMENT.cartridge : ENVIRONMENT.manifest]: source.path };
}
