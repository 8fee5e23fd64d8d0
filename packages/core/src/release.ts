/**
 * Rollback protection, as signed-update systems (TUF's version numbers) give it. A signature proves
 * who made a manifest, not that it is the latest: replaying an older signed manifest with its older
 * images would run old code. So a signed manifest (or cartridge header) carries a `release` number
 * that only goes up, and a trusted run refuses one below a pinned minimum or below the highest
 * release a state file has recorded. This is the one place the trust settings are read.
 */
import { readFileSync } from "node:fs";
import { writeFileAtomic } from "./atomic.ts";
import { PxosError } from "./errors.ts";

/** The trust settings as options; each defaults to its environment variable. */
export interface TrustOptions {
  /** A trusted ed25519 public key file; default `$PXOS_TRUST`. */
  trust?: string;
  /** The lowest release a trusted run accepts; default `$PXOS_TRUST_MIN_RELEASE`. */
  trustMinRelease?: number;
  /** A file recording the highest release seen; a lower one is refused. Default `$PXOS_TRUST_STATE`. */
  trustState?: string;
}

/** The trust settings resolved: options first, then the environment. */
export interface TrustPolicy {
  trust: string | undefined;
  minRelease: number | undefined;
  stateFile: string | undefined;
}

/**
 * @example
 * const policy = trustPolicy({ trust: "pxos.pub" }); // PXOS_TRUST_MIN_RELEASE and PXOS_TRUST_STATE from the environment
 */
export function trustPolicy(opts: TrustOptions = {}, env: Record<string, string | undefined> = process.env): TrustPolicy {
  const trust = opts.trust ?? (env.PXOS_TRUST || undefined);
  const fromEnv = env.PXOS_TRUST_MIN_RELEASE || undefined;
  const minRelease = opts.trustMinRelease ?? (fromEnv === undefined ? undefined : parseRelease(fromEnv, "PXOS_TRUST_MIN_RELEASE"));
  if (minRelease !== undefined && !isRelease(minRelease)) throw new PxosError("USAGE", `the minimum release must be a non-negative integer, got ${minRelease}`);
  const stateFile = opts.trustState ?? (env.PXOS_TRUST_STATE || undefined);
  // A release is only as good as the signature over it: without a key these settings would protect nothing.
  if (!trust && (minRelease !== undefined || stateFile !== undefined))
    throw new PxosError("USAGE", "a minimum release or release state file needs a trust key (PXOS_TRUST or the trust option)");
  return { trust, minRelease, stateFile };
}

export function isRelease(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** A release number from text: decimal digits only. */
export function parseRelease(text: string, what: string): number {
  const value = /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!isRelease(value)) throw new PxosError("USAGE", `${what} must be a non-negative integer, got ${JSON.stringify(text)}`);
  return value;
}

/**
 * Refuse a manifest whose release is below the policy's minimum or the recorded high-water mark
 * (ROLLBACK, before any module runs); record a higher one. Nothing to do without a trust key.
 */
export function checkRelease(release: number, file: string, policy: TrustPolicy): void {
  if (!policy.trust) return;
  const recorded = policy.stateFile === undefined ? 0 : readState(policy.stateFile);
  const pinned = policy.minRelease ?? 0;
  if (release < Math.max(pinned, recorded)) {
    const from = recorded > pinned ? `the highest release seen, recorded in ${policy.stateFile}` : "the minimum release pinned (PXOS_TRUST_MIN_RELEASE)";
    throw new PxosError(
      "ROLLBACK",
      `signed release ${release} is older than release ${Math.max(pinned, recorded)}, ${from}: an older signed manifest replayed is refused`,
      file,
    );
  }
  if (policy.stateFile !== undefined && release > recorded) writeFileAtomic(policy.stateFile, `${release}\n`);
}

function readState(path: string): number {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw new PxosError("IO", `cannot read the release state: ${(cause as Error).message}`, path, { cause });
  }
  try {
    return parseRelease(text, "the release state");
  } catch {
    throw new PxosError("IO", "the release state file holds no release number; refusing rather than forgetting the high-water mark", path);
  }
}
