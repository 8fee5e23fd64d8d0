/**
 * Who else can write what Deno runs. Deno reads the import map, the guard and the mirrored files
 * before the guard can check them, so under a trust key their check alone leaves a window; it is
 * closed when nobody but the user (and root) can write them (core's assertPrivate). One rule, in two
 * forms: core's, on Node's APIs, for `pxos import-map`; Deno's own in the guard (Deno's Node layer
 * costs every start).
 *
 * @example
 * assertPrivate(["/home/me/.cache/pxos/deno/9c1e….pxos", "/home/me/app/pxos.importmap.json"], UNSAFE);
 */
import { exposure } from "@pxos/core/runtime";

export const UNSAFE =
  "under a trust key what Deno runs must be writable by you alone, or a file could be swapped between Deno's read and the guard's check (set PXOS_CACHE_DIR, or fix the folder's permissions)";

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
    if (why) return (at === real ? "" : at + ", above it, ") + why + ": " + ${JSON.stringify(UNSAFE)};
  }
  return undefined;
};`;
}
