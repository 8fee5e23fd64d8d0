/** What the commands that work on an encoded project share: the manifest option and module lookup. */
import { relative, resolve } from "node:path";
import { PixelModules, PxosError, parseRelease, resolveOptions } from "@pxos/core";
import type { Options } from "../command.ts";

export const MANIFEST_OPTION: Options = { manifest: { type: "string" }, cartridge: { type: "string" } };
export const MANIFEST_HELP = `  --manifest FILE    manifest path (default $PXOS_MANIFEST, else ./pixel_manifest.json)
  --cartridge FILE   work on a cartridge (pxos pack) instead (default $PXOS_CARTRIDGE)`;

export function openProject(values: Record<string, unknown>): PixelModules {
  return PixelModules.open(
    resolveOptions({
      manifest: values.manifest as string | undefined,
      cartridge: values.cartridge as string | undefined,
      trust: values.trust as string | undefined,
      trustMinRelease: typeof values["min-release"] === "string" ? parseRelease(values["min-release"], "--min-release") : undefined,
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

/** A path as the user would type it from here: relative inside the working directory, else absolute. */
export function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === "" ? "." : rel.startsWith("..") ? resolve(path) : rel;
}
