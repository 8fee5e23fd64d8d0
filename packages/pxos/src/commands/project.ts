/** What the commands that work on an encoded project share: the manifest option and module lookup. */
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { PixelModules, PxosError, parseRelease, resolveOptions, SIGNATURE_SUFFIX, shownKey } from "@pxos/core";
import type { Options, Values } from "../command.ts";

export const MANIFEST_OPTION = { manifest: { type: "string" }, cartridge: { type: "string" } } as const satisfies Options;
export const MANIFEST_HELP = `  --manifest FILE    manifest path (default $PXOS_MANIFEST, else ./pixel_manifest.json)
  --cartridge FILE   work on a cartridge (pxos pack) instead (default $PXOS_CARTRIDGE)`;

/** The flags of a command that opens the project: where it is and, for verify, the trust to open it under. */
/** The flags of a command that reports on the project: where it is, and `--json`. */
export const REPORT_OPTION = { ...MANIFEST_OPTION, json: { type: "boolean" } } as const satisfies Options;
/** Help for {@link REPORT_OPTION}: `what` is what `--json` prints ("the list"). */
export const reportHelp = (what: string) => `${MANIFEST_HELP}\n  --json             print ${what} as JSON`;

export type ProjectFlags = Values<typeof MANIFEST_OPTION> & { trust?: string; "min-release"?: string };

/** The project as its images hold it: commands look at the pixels themselves, never at what a cache kept of them. */
export function openProject(values: ProjectFlags): PixelModules {
  const minRelease = values["min-release"];
  return PixelModules.open(
    resolveOptions({
      manifest: values.manifest,
      cartridge: values.cartridge,
      trust: values.trust,
      trustMinRelease: minRelease === undefined ? undefined : parseRelease(minRelease, "--min-release"),
      cacheDir: false,
    }),
  );
}

/** A module named by its manifest key or by a path to it; an unknown one lists what there is. */
export function moduleKey(pixels: PixelModules, name: string): string {
  const { manifest } = pixels;
  if (manifest.entry(name)) return name;
  const key = manifest.keyOf(resolve(name));
  if (key) return key;
  const keys = manifest.keys();
  const shown = keys.slice(0, 20).map((k) => `  ${k}`);
  if (keys.length > shown.length) shown.push(`  … and ${keys.length - shown.length} more (pxos list)`);
  throw new PxosError("NOT_FOUND", `no module ${name} in the pixels; available:\n${shown.join("\n")}`, manifest.path);
}

/** The warning for a signature left beside a manifest that changed without signing it again; undefined when it has none. */
export function staleSignatureWarning(manifestPath: string): string | undefined {
  const signature = manifestPath + SIGNATURE_SUFFIX;
  return existsSync(signature) ? `${shown(signature)} no longer matches the manifest: sign it again (pxos sign) or trusted runs will refuse it` : undefined;
}

/** The warning for an edit whose module's file on disk was left as it was (core's ModuleEdit `left`, and why). */
export function leftOnDisk(key: string, why = "it held other code than the pixels"): string {
  return `${shownKey(key)} on disk was left as it is (${why}): the pixels hold the edit, the file does not (pxos extract --force writes the pixels out)`;
}

/** A path as the user would type it from here: relative inside the working directory, else absolute. */
export function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === "" ? "." : rel.startsWith("..") ? resolve(path) : rel;
}
