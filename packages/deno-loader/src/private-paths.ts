/**
 * Who else can write what Deno runs. Deno reads the import map, the guard and the mirrored files
 * before the guard can check them, so under a trust key their check alone leaves a window; it is
 * closed when nobody but the user (and root) can write those files, the folders holding them, or any
 * folder above (OpenSSH's StrictModes rule): then only the user's own account can race the check,
 * and that account is outside what pxos protects (docs/security.md). One rule, in two forms:
 * Node's APIs for `pxos import-map`, Deno's own in the guard (Deno's Node layer costs every start).
 *
 * A path is private when the file and every folder from it up to `/` is owned by the user or root,
 * writable by no other user, and by its group only when that is the user's group. A folder with the
 * sticky bit (`/tmp`) is allowed: others may add entries there but not replace the user's.
 *
 * @example
 * assertPrivate(["/home/me/.cache/pxos/deno/9c1e….pxos", "/home/me/app/pxos.importmap.json"]);
 */
import { realpathSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { PxosError } from "@pxos/core/runtime";

/** Throws UNSAFE_LOCATION naming the first path that someone other than the user could write. */
export function assertPrivate(paths: string[]): void {
  if (process.platform === "win32" || !process.getuid || !process.getgid) return;
  const me = { uid: process.getuid(), gid: process.getgid() };
  const seen = new Set<string>();
  for (const path of paths) {
    const real = realpathSync(path);
    for (let at = real; !seen.has(at); at = dirname(at)) {
      seen.add(at);
      const { uid, gid, mode } = statSync(at);
      const why = exposure(uid, gid, mode, me);
      if (why) throw new PxosError("UNSAFE_LOCATION", `${at === real ? "" : `${at}, above it, `}${why}${UNSAFE}`, path);
    }
  }
}

const UNSAFE =
  ": under a trust key what Deno runs must be writable by you alone, or a file could be swapped between Deno's read and the guard's check (set PXOS_CACHE_DIR, or fix the folder's permissions)";

function exposure(uid: number, gid: number, mode: number, me: { uid: number; gid: number }): string | undefined {
  if (uid !== me.uid && uid !== 0) return `is owned by another user (uid ${uid})`;
  if (mode & 0o1000) return undefined;
  if (mode & 0o002) return "is writable by every user";
  if (mode & 0o020 && gid !== me.gid) return `is writable by group ${gid}`;
  return undefined;
}

/**
 * The same rule for the guard, which defines `privatePath(path)` returning why a path is not private,
 * or nothing. The user is the guard file's owner (`pxos import-map` wrote it) unless Deno may tell.
 * Under a trust key only: it reads `import.meta`, which Deno builds on first touch.
 */
export function privateSource(): string {
  return `const me = (() => {
  const own = Deno.statSync(import.meta.filename);
  const sys = (kind) => Deno.permissions.querySync({ name: "sys", kind }).state === "granted";
  return { uid: sys("uid") ? Deno.uid() : own.uid, gid: sys("gid") ? Deno.gid() : own.gid };
})();
const exposure = ${exposure.toString()};
const seen = new Set();
const privatePath = (path) => {
  if (Deno.build.os === "windows") return undefined;
  let real;
  try { real = Deno.realPathSync(path); } catch { return "cannot tell who can write it without --allow-read=" + path; }
  for (let at = real; !seen.has(at); at = at.slice(0, at.lastIndexOf("/")) || "/") {
    seen.add(at);
    let info;
    try { info = Deno.statSync(at); } catch { return "cannot tell who can write " + at + " without --allow-read=" + at; }
    const { uid, gid, mode } = info;
    const why = exposure(uid, gid, mode, me);
    if (why) return (at === real ? "" : at + ", above it, ") + why + ${JSON.stringify(UNSAFE)};
  }
  return undefined;
};`;
}
