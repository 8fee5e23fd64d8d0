import { relative } from "node:path";
import {
  encodeProject,
  type ImageFormat,
  PxosError,
  parseRelease,
  readFileOrFail,
  readManifestSignature,
  resolveOptions,
  shownKeys,
  signingKeyFingerprint,
  signManifestRelease,
} from "@pxos/core";
import { defineCommand } from "../command.ts";
import { derivers } from "../derivers.ts";
import { bold, dim, formatBytes, progressBar } from "../io.ts";
import { staleSignatureWarning } from "./project.ts";
import { parseWidth } from "./shared.ts";

export const encode = defineCommand({
  name: "encode",
  summary: "encode a project's modules into pixel images and a manifest",
  usage:
    "pxos encode [ROOT] [--out DIR] [--manifest FILE] [--format png|pxif] [--width N] [--sign KEY [--release N]] [--include GLOB]... [--exclude GLOB]... [--keep] [--prune] [--json]",
  help: `  --out DIR          image directory, at or below the manifest's (default pixel_src_storage beside the manifest)
  --manifest FILE    manifest path (default ROOT/pixel_manifest.json)
  --format FORMAT    png (default) or pxif (pxOS PixelFS 1.0)
  --width N          image width in pixels (default 1024; png: narrower for modules under one row)
  --sign KEY         sign the manifest with this private key (pxos keygen), raising its release if it changed
  --release N        with --sign: the release to sign (never lower than the manifest's)
  --include GLOB     encode only paths matching GLOB, even those left out by default (repeatable)
  --exclude GLOB     skip paths matching GLOB (repeatable)
  --keep             keep the modules whose files are gone, from their pixels
  --prune            drop the modules whose files are gone (and those left out that live in pixels alone)
  --json             print the result as JSON`,
  options: {
    out: { type: "string" },
    manifest: { type: "string" },
    format: { type: "string" },
    width: { type: "string" },
    include: { type: "string", multiple: true },
    exclude: { type: "string", multiple: true },
    keep: { type: "boolean" },
    prune: { type: "boolean" },
    json: { type: "boolean" },
    sign: { type: "string" },
    release: { type: "string" },
  },
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new PxosError("USAGE", `encode takes one ROOT, got ${positionals.length}`);
    const release = typeof values.release === "string" ? parseRelease(values.release, "--release") : undefined;
    if (release !== undefined && typeof values.sign !== "string") throw new PxosError("USAGE", "--release is set when signing: add --sign KEY");
    const format = values.format ?? "png";
    if (format !== "png" && format !== "pxif") throw new PxosError("USAGE", `--format must be png or pxif, got ${format}`);
    const bar = progressBar(io, "encoding");
    const result = encodeProject({
      root: positionals[0] ?? ".",
      out: values.out,
      manifest: values.manifest,
      format: format as ImageFormat,
      width: parseWidth(values.width),
      include: values.include,
      exclude: values.exclude,
      keep: values.keep,
      prune: values.prune,
      // Signing vouches for every module: one kept from its pixels must have been vouched for by this key before.
      onKept: typeof values.sign === "string" ? vouchedBy(values.sign) : undefined,
      onProgress: bar.update,
      // Bun's ready JavaScript and Node's stripped JavaScript, kept in pxos's cache folder (none with PXOS_CACHE=0).
      derive: await derivers(),
      cacheDir: resolveOptions().cacheDir,
    });
    bar.end();
    const signed = typeof values.sign === "string" ? signManifestRelease(result.manifestPath, values.sign, release) : undefined;
    const signedBy = signed?.fingerprint;
    if (values.json) {
      io.out(`${JSON.stringify({ ...result, signedBy, release: signed?.release }, null, 2)}\n`);
      return 0;
    }
    const staleSignature = !signedBy && result.written.length + result.removed.length > 0 ? staleSignatureWarning(result.manifestPath) : undefined;
    if (staleSignature) result.warnings.push(staleSignature);
    for (const w of result.warnings) io.err(`pxos: warning: ${w}\n`);
    const ratio = result.sourceBytes ? (result.imageBytes / result.sourceBytes).toFixed(3) : "—";
    io.out(
      `${bold(io, `${result.modules} modules`)} encoded ${dim(io, `(${result.written.length} written, ${result.unchanged.length} unchanged, ${result.removed.length} removed)`)}\n` +
        `  source ${formatBytes(result.sourceBytes)} → images ${formatBytes(result.imageBytes)} (${ratio}×)\n` +
        `  images   ${relative(process.cwd(), result.outDir) || "."}\n  manifest ${relative(process.cwd(), result.manifestPath)}\n` +
        (result.fromPixels.length > 0 ? `  kept     ${shownKeys(result.fromPixels)} from pixels: no file on disk\n` : "") +
        (signed ? `  signed   release ${signed.release} with key ${signed.fingerprint}\n` : ""),
    );
    return 0;
  },
});

/**
 * Modules kept from their pixels are signed only when the manifest they come from carries a valid
 * signature of this same key: else signing would vouch for pixels nobody vouched for (a module
 * planted beside the images, with its manifest entry).
 */
function vouchedBy(privateKeyPath: string): (keys: readonly string[], manifestPath: string) => void {
  return (keys, manifestPath) => {
    const key = signingKeyFingerprint(privateKeyPath);
    const signature = readManifestSignature(manifestPath, readFileOrFail(manifestPath, "manifest not found"));
    if (signature?.valid && signature.signer === key) return;
    throw new PxosError(
      "UNSIGNED",
      `${shownKeys(keys)} would be signed from ${keys.length === 1 ? "its" : "their"} pixels, which no signature of this key vouched for (their files are gone); nothing written (restore the files, or drop such modules with --prune)`,
      manifestPath,
    );
  };
}
