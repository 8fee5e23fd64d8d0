import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { errnoReason, IMAGE_EXTENSION, isPxosError, nodePlatform, readFileOrFail, readManifestSignature, readRegularFile, toHex } from "@pxos/core";
import { defineCommand } from "../command.ts";
import { green, progressBar, red, yellow } from "../io.ts";
import { MANIFEST_HELP, MANIFEST_OPTION, openProject, shown } from "./project.ts";
import { requireNoPositionals } from "./shared.ts";

interface Problem {
  kind: "damaged" | "stale" | "orphan" | "signature";
  module?: string;
  file: string;
  reason: string;
}

export const verify = defineCommand({
  name: "verify",
  summary: "check every image against the manifest, and find stale sources and orphan images",
  usage: "pxos verify [--manifest FILE | --cartridge FILE] [--trust KEY.pub [--min-release N]] [--json]",
  help: `${MANIFEST_HELP}
  --trust KEY.pub    require a valid signature from this key (default $PXOS_TRUST)
  --min-release N    with a trust key: refuse a signed release below N (default $PXOS_TRUST_MIN_RELEASE)
  --json             print the result as JSON`,
  options: { ...MANIFEST_OPTION, trust: { type: "string" }, "min-release": { type: "string" }, json: { type: "boolean" } },
  run(values, positionals, io) {
    requireNoPositionals(positionals, "verify");
    // Signature problems stop here, before anything else is looked at: an untrusted manifest names nothing worth checking.
    const pixels = openProject(values);
    const { manifest } = pixels;
    const keys = manifest.keys();
    const problems: Problem[] = [];
    const signature = readManifestSignature(manifest.path, readFileOrFail(manifest.path, "manifest missing"));
    if (signature && !signature.valid)
      problems.push({ kind: "signature", file: manifest.path, reason: `signed by key ${signature.signer}, but the manifest changed since [BAD_SIGNATURE]` });
    const bar = progressBar(io, "verifying");
    keys.forEach((key, i) => {
      const path = manifest.modulePath(key);
      try {
        pixels.read(path);
      } catch (err) {
        if (!isPxosError(err)) throw err;
        problems.push({ kind: "damaged", module: key, file: err.file ?? manifest.path, reason: `${err.reason} [${err.code}]` });
      }
      const stale = staleSource(path, manifest.entry(key)?.sha256);
      if (stale) problems.push({ kind: "stale", module: key, file: path, reason: stale });
      bar.update(i + 1, keys.length);
    });
    bar.end();
    // A cartridge is one file: it has no image tree to hold orphans.
    const images = pixels.isCartridge ? [] : keys.map((k) => resolve(manifest.dir, manifest.entry(k)?.image as string));
    for (const file of orphanImages(manifest.dir, images)) {
      problems.push({ kind: "orphan", file, reason: "an image no manifest entry points to" });
    }
    if (values.json) {
      io.out(
        `${JSON.stringify({ manifest: manifest.path, modules: keys.length, release: manifest.release, signedBy: signature?.signer, trusted: pixels.trusted, ok: problems.length === 0, problems }, null, 2)}\n`,
      );
      return problems.length ? 1 : 0;
    }
    for (const p of problems) {
      const label = p.kind === "damaged" ? red(io, "damaged") : yellow(io, p.kind.padEnd(7));
      io.out(
        `${label} ${p.module ?? shown(p.file)}: ${p.reason}${p.module && p.kind === "damaged" ? ` (${shown(p.file.replace(/ \(module .*\)$/, ""))})` : ""}\n`,
      );
    }
    const signed = signature
      ? `, release ${manifest.release}, signed by key ${signature.signer}${pixels.trusted ? " (trusted)" : " (no trust key given)"}`
      : ", unsigned";
    io.out(
      problems.length
        ? `${red(io, `${problems.length} problems`)} in ${keys.length} modules\n`
        : `${green(io, "ok")}: ${keys.length} modules verified${signed}\n`,
    );
    return problems.length ? 1 : 0;
  },
});

/** Why the source on disk no longer matches its pixels, or undefined when it does or is gone (sources are optional). */
function staleSource(path: string, sha256: string | undefined): string | undefined {
  let source: Uint8Array;
  try {
    source = readRegularFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
    return `the source on disk cannot be compared: ${isPxosError(err) ? err.reason : errnoReason(err)}`;
  }
  return toHex(nodePlatform.sha256(source)) === sha256
    ? undefined
    : "the source on disk differs from its pixels: pxos encode takes the file, pxos extract --force writes the pixels out";
}

/** `.pxi` files under the top folders the manifest's images live in, that no entry names. */
function orphanImages(manifestDir: string, images: string[]): string[] {
  const known = new Set(images);
  const tops = new Set(images.map((abs) => abs.slice(manifestDir.length + 1).split("/")[0] as string).filter((top) => !top.endsWith(IMAGE_EXTENSION)));
  const orphans: string[] = [];
  for (const top of tops) {
    const dir = join(manifestDir, top);
    let names: string[];
    try {
      names = readdirSync(dir, { recursive: true, encoding: "utf8" });
    } catch {
      continue; // the images themselves are reported missing
    }
    for (const name of names) {
      const abs = join(dir, name);
      if (name.endsWith(IMAGE_EXTENSION) && !known.has(abs)) orphans.push(abs);
    }
  }
  return orphans.sort();
}
