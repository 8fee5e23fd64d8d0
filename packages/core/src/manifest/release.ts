/**
 * Rollback protection, as signed-update systems (TUF's version numbers) give it. A signature proves
 * who made a manifest, not that it is the latest: replaying an older signed manifest with its older
 * images would run old code. So a signed manifest (or cartridge header) carries a `release` number
 * that only goes up, and a trusted run refuses one below a pinned minimum or below the highest
 * release a state file has recorded.
 */
import { readFileSync } from "node:fs";
import { PxosError } from "../base/errors.ts";
import { writeFileAtomic } from "../io/atomic.ts";

/** The trust settings a release check needs, as runtime/options.ts resolves them. */
export interface TrustSettings {
  trust: string | undefined;
  trustMinRelease: number | undefined;
  trustState: string | undefined;
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
export function checkRelease(release: number, file: string, trust: TrustSettings): void {
  if (!trust.trust) return;
  const recorded = trust.trustState === undefined ? 0 : readState(trust.trustState);
  const pinned = trust.trustMinRelease ?? 0;
  if (release < Math.max(pinned, recorded)) {
    const from = recorded > pinned ? `the highest release seen, recorded in ${trust.trustState}` : "the minimum release pinned (PXOS_TRUST_MIN_RELEASE)";
    throw new PxosError(
      "ROLLBACK",
      `signed release ${release} is older than release ${Math.max(pinned, recorded)}, ${from}: an older signed manifest replayed is refused`,
      file,
    );
  }
  if (trust.trustState !== undefined && release > recorded) writeFileAtomic(trust.trustState, `${release}\n`);
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
