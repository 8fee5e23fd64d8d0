/**
 * The guard every rewritten module imports first: refuses to run from an
 * import map whose manifest has changed since it was generated, and sets
 * up getPixelStats() for the app. Deno-only code, generated as a string.
 */
import { releaseSource } from "./release-guard.ts";

export interface GuardInfo {
  manifestPath: string;
  manifestSha256: string;
  importMapPath: string;
  totalModules: number;
  totalBytes: number;
  /** Under a trust key: the manifest's signed release, checked again at run time (release-guard.ts). */
  release?: number;
}

export function guardSource(info: GuardInfo): string {
  const j = JSON.stringify;
  // Deno's own APIs, not node:fs/node:crypto: loading Deno's Node layer costs every start ~45 ms.
  return `const manifest = ${j(info.manifestPath)};
if (Deno.permissions.querySync({ name: "read", path: manifest }).state === "granted") {
  let current = "";
  try { current = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", Deno.readFileSync(manifest))), (b) => b.toString(16).padStart(2, "0")).join(""); } catch {}
  if (current !== ${j(info.manifestSha256)}) {
    console.error(${j(`pxos: ${info.importMapPath} is stale: ${info.manifestPath} changed or is gone since the import map was generated; run \`pxos import-map\` again (or use \`pxos run\`) [STALE_IMPORT_MAP]`)});
    Deno.exit(1);
  }
} else {
  console.error(${j(`pxos: cannot check that ${info.importMapPath} is current without --allow-read=${info.manifestPath}`)});
}
${info.release === undefined ? "" : releaseSource(info.release, info.manifestPath)}globalThis[Symbol.for("pxos.stats")] = { installed: true, adapter: "deno", totalModules: ${info.totalModules}, totalBytes: ${info.totalBytes}, manifestPath: manifest, loadedModules: 0 };
`;
}
