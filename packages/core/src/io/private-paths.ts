/**
 * Who else can write a path. Under a trust key, what a runtime reads code from before pxos can check
 * it — Deno's mirror and import map, the runtimes' own caches of compiled code — is safe only where
 * nobody but the user (and root) can write it, the folder holding it, or any folder above
 * (OpenSSH's StrictModes rule): then only the user's own account could swap it, and that account is
 * outside what pxos protects (docs/security.md).
 *
 * A path is private when it and every folder from it up to `/` is owned by the user or root,
 * writable by no other user, and by its group only when that is the user's group. A folder with the
 * sticky bit (`/tmp`) is allowed: others may add entries there but not replace the user's. A path
 * not made yet is judged by the nearest folder above it that exists, where it would be made.
 *
 * @example
 * assertPrivate(["/home/me/.cache/pxos/deno/9c1e….pxos"], "under a trust key what Deno runs must be writable by you alone");
 */
import { realpathSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { PxosError } from "../base/errors.ts";

/** Throws UNSAFE_LOCATION naming the first path that someone other than the user could write; `why` says what that would let them do. */
export function assertPrivate(paths: readonly string[], why: string): void {
  if (process.platform === "win32" || !process.getuid || !process.getgid) return;
  const me = { uid: process.getuid(), gid: process.getgid() };
  const seen = new Set<string>();
  for (const path of paths) {
    const { real, exists } = realExisting(path);
    for (let at = real; !seen.has(at); at = dirname(at)) {
      seen.add(at);
      const { uid, gid, mode } = statSync(at);
      const found = exposure(uid, gid, mode, me);
      if (found) throw new PxosError("UNSAFE_LOCATION", `${exists && at === real ? "" : `${at}, above it, `}${found}: ${why}`, path);
    }
  }
}

/** The real path of `path`, or of the nearest folder above it that exists. */
function realExisting(path: string): { real: string; exists: boolean } {
  for (let at = path; ; at = dirname(at)) {
    try {
      return { real: realpathSync(at), exists: at === path };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT" || dirname(at) === at) throw err;
    }
  }
}

/** Why a file or folder of this owner, group and mode is not private to the user, or undefined. Self-contained: Deno's guard embeds its source. */
export function exposure(uid: number, gid: number, mode: number, me: { uid: number; gid: number }): string | undefined {
  if (uid !== me.uid && uid !== 0) return `is owned by another user (uid ${uid})`;
  if (mode & 0o1000) return undefined;
  if (mode & 0o002) return "is writable by every user";
  if (mode & 0o020 && gid !== me.gid) return `is writable by group ${gid}`;
  return undefined;
}
