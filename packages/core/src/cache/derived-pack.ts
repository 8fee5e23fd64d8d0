/**
 * Forms derived from a module's source that an adapter may serve in its place (Bun's JavaScript,
 * ready to run), bound to the manifest: the encode records each form's SHA-256 in the module's
 * manifest entry, so a signature covers it, and keeps the bytes here, in pxos's cache folder. A run
 * serves a form only when its bytes hash to what the manifest records and it was derived from the
 * module's current source; anything else is a miss, and the adapter serves the verified source.
 *
 *   derived/FORM/PROJECT.pack (pack.ts) = { "<form's SHA-256>": bytes, tagged "<source's SHA-256> <layout>" (project/encode.ts) }
 *
 * @example
 * writeDerivedPack(cache, manifestPath, "bun", [[formSha, bytes, `${sourceSha} ${layout}`]], nodePlatform); // pxos encode
 * const js = derivedPack(cache, manifestPath, platform).lookup(entry, "bun"); // Uint8Array | undefined
 */
import type { Loader } from "../base/loaders.ts";
import { toHex } from "../codec/bytes.ts";
import type { CodecPlatform } from "../codec/platform.ts";
import type { Manifest, ManifestEntry } from "../manifest/manifest.ts";
import { type Pack, packPath, readPack, writePack } from "./pack.ts";

/**
 * Derives one form of a module from its source, such as the Bun adapter's ready JavaScript.
 *
 * @example
 * encodeProject({ root, cacheDir, derive: [{ form: "bun", derive: (source, mod) => (mod.loader === "mjs" ? source : undefined) }] });
 */
export interface Deriver {
  /** The form's name in manifest entries' `derived`. */
  form: string;
  /**
   * The module's form, or undefined where it cannot take one (its adapter then serves the source);
   * `manifest` is the encode's, complete but not yet written.
   */
  derive(source: Uint8Array, module: { key: string; path: string; loader: Loader; manifest: Manifest }): Uint8Array | undefined;
}

const MAGIC = "pxos-derived 1";

export interface DerivedPack {
  /** The `form` of this entry's module, verified against the manifest; undefined when there is none to serve. */
  lookup(entry: ManifestEntry, form: string): Uint8Array | undefined;
}

/** One pack per form and manifest: a runtime reads only the form it serves. */
const packFile = (dir: string, owner: string, form: string, platform: CodecPlatform) => packPath(dir, ["derived", form], owner, platform.sha256);

export function derivedPack(dir: string, owner: string, platform: CodecPlatform): DerivedPack {
  const packs = new Map<string, Pack>();
  return {
    lookup(entry, form) {
      const recorded = entry.derived?.[form];
      if (recorded === undefined) return undefined;
      const pack = packs.get(form) ?? readPack(packFile(dir, owner, form, platform), MAGIC);
      packs.set(form, pack);
      const found = pack.entry(recorded);
      return found?.[0].startsWith(`${entry.sha256} `) && toHex(platform.sha256(found[1])) === recorded ? found[1] : undefined;
    },
  };
}

/**
 * Replaces the manifest's pack of `form` with these (form SHA-256, bytes, tag); false when the
 * cache folder cannot be written (runs then serve the sources).
 */
export function writeDerivedPack(
  dir: string,
  owner: string,
  form: string,
  forms: Iterable<readonly [string, Uint8Array, string]>,
  platform: CodecPlatform,
): boolean {
  return writePack(packFile(dir, owner, form, platform), MAGIC, forms) !== undefined;
}

/** The forms of an earlier pack, to carry over the ones an encode did not have to derive again. */
export function readDerivedForms(dir: string, owner: string, form: string, platform: CodecPlatform): Pack {
  return readPack(packFile(dir, owner, form, platform), MAGIC);
}
