/**
 * Signing a manifest with its release (release.ts): the number is raised whenever the content
 * changed since it was last signed, kept when it did not, and never lowered.
 */

import { PxosError } from "../base/errors.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { readFileOrFail } from "../io/read-file.ts";
import { parseManifest, serializeManifest } from "./manifest.ts";
import { readManifestSignature, signManifest } from "./signature.ts";

/**
 * Set the manifest's release, then sign it: `requested` when given (refused below the current one),
 * else the current release when the manifest still matches its signature, else one more.
 *
 * @example
 * const { fingerprint, release } = signManifestRelease("pixel_manifest.json", "pxos.key");
 */
export function signManifestRelease(manifestPath: string, privateKeyPath: string, requested?: number): { fingerprint: string; release: number } {
  const bytes = readFileOrFail(manifestPath, "manifest not found");
  const data = parseManifest(bytes.toString("utf8"), manifestPath);
  const current = data.release ?? 0;
  if (requested !== undefined && requested < current)
    throw new PxosError("USAGE", `release ${requested} is lower than the manifest's release ${current}: releases never go down`, manifestPath);
  const unchanged = readManifestSignature(manifestPath, bytes)?.valid === true;
  const release = requested ?? (unchanged ? current : current + 1);
  if (release !== data.release && !(release === 0 && data.release === undefined)) writeFileAtomic(manifestPath, serializeManifest({ ...data, release }));
  return { fingerprint: signManifest(manifestPath, privateKeyPath), release };
}
