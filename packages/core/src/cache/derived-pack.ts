/**
 * Forms derived from a module's source that an adapter may serve in its place (Bun's JavaScript,
 * ready to run), bound to the manifest: the encode keeps the bytes here, in pxos's cache folder, in
 * one pack per form whose index names each module's form by its SHA-256, and records in the
 * manifest the SHA-256 of that index (`derived: { FORM: … }`), so a signature covers every form
 * while the manifest grows by one line per form, not per module. A run serves a form only from an
 * index that hashes to what the manifest records, bytes that hash to what the index records, and
 * a source that is still the module's (an edited module's form is a miss); anything else is a
 * miss, and the adapter serves the verified source.
 *
 *   derived/FORM/PROJECT.pack (pack.ts) = { "<module key>": bytes, tagged "<form's SHA-256> <source's SHA-256> <layout>" }
 *
 * @example
 * const entries = [["main.ts", bytes, formTag({ sha256: formSha, source: entry.sha256, layout })]] as const; // pxos encode
 * manifest.derived.bun = derivedIndex(entries, platform).sha256;
 * writeDerivedPack(cache, manifestPath, "bun", entries, platform);
 * const js = derivedPack(cache, manifestPath, manifest.derived, platform).lookup("main.ts", entry, "bun"); // Uint8Array | undefined
 */
import type { Loader } from "../base/loaders.ts";
import { utf8 } from "../codec/bytes.ts";
import { type CodecPlatform, sha256Hex } from "../codec/platform.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { readRegularText } from "../io/read-file.ts";
import type { Manifest, ManifestEntry } from "../manifest/manifest.ts";
import { type Pack, packIndex, packPath, readPack, type Scratch, writePack } from "./pack.ts";

/**
 * Derives one form of a module from its source, such as the Bun adapter's ready JavaScript.
 *
 * @example
 * encodeProject({ root, cacheDir, derive: [{ form: "bun", derive: (source, mod) => (mod.loader === "mjs" ? source : undefined) }] });
 */
export interface Deriver {
  /** The form's name in the manifest's `derived`. */
  form: string;
  /**
   * The module's form, or undefined where it cannot take one (its adapter then serves the source);
   * `manifest` is the encode's, complete but not yet written.
   */
  derive(source: Uint8Array, module: { key: string; path: string; loader: Loader; manifest: Manifest }): Uint8Array | undefined;
  /**
   * Called once before `derive`, with every module this encode will ask about, in that order: a
   * deriver whose work costs most per call (a round trip to another process) can do it for all at once.
   */
  prepare?(modules: readonly { source: Uint8Array; path: string; loader: Loader }[]): void;
  /**
   * Changed whenever the deriver would derive other bytes from the same source: an encode carries a
   * module's form (or its having none) over from the last one only when it was derived by this version.
   */
  version?: string;
}

const MAGIC = "pxos-derived 1";

/** A pack entry's tag: the form's SHA-256, then its source's, then the layout it was derived in (project/encode.ts). */
export interface FormTag {
  sha256: string;
  source: string;
  layout: string;
}

export const formTag = (tag: FormTag): string => `${tag.sha256} ${tag.source} ${tag.layout}`;

export function parseFormTag(tag: string): FormTag | undefined {
  const [sha256, source, layout, ...rest] = tag.split(" ");
  return sha256 && source && layout !== undefined && rest.length === 0 ? { sha256, source, layout } : undefined;
}

export interface DerivedPack {
  /** The `form` of module `key`, verified against the manifest; undefined when there is none to serve. Read into `scratch` when given (pack.ts). */
  lookup(key: string, entry: ManifestEntry, form: string, scratch?: Scratch): Uint8Array | undefined;
}

/** One pack per form and manifest: a runtime reads only the form it serves. */
const packFile = (dir: string, owner: string, form: string, platform: CodecPlatform) => packPath(dir, ["derived", form], owner, platform.sha256);

/** `recorded`: the manifest's `derived`, each form's index SHA-256. */
export function derivedPack(dir: string, owner: string, recorded: Readonly<Record<string, string>>, platform: CodecPlatform): DerivedPack {
  const packs = new Map<string, Pack>();
  return {
    lookup(key, entry, form, scratch) {
      const indexSha = recorded[form];
      if (indexSha === undefined) return undefined;
      const pack = packs.get(form) ?? readPack(packFile(dir, owner, form, platform), MAGIC, { indexSha, platform });
      packs.set(form, pack);
      const found = pack.entry(key, scratch);
      const tag = found && parseFormTag(found[0]);
      return tag && found && tag.source === entry.sha256 && sha256Hex(platform, found[1]) === tag.sha256 ? found[1] : undefined;
    },
  };
}

/**
 * What the manifest records for a pack of these (module key, bytes, tag) entries, in this order:
 * the SHA-256 of its index `line`, which a pack already on disk has when it holds these entries.
 */
export function derivedIndex(entries: Iterable<readonly [string, Uint8Array, string]>, platform: CodecPlatform): { line: string; sha256: string } {
  const line = packIndex(entries);
  return { line, sha256: sha256Hex(platform, utf8.encode(line)) };
}

/** Replaces the manifest's pack of `form` with these entries; false when the cache folder cannot be written (runs then serve the sources). */
export function writeDerivedPack(
  dir: string,
  owner: string,
  form: string,
  entries: Iterable<readonly [string, Uint8Array, string]>,
  platform: CodecPlatform,
): boolean {
  return writePack(packFile(dir, owner, form, platform), MAGIC, entries) !== undefined;
}

/** The forms of an earlier pack, to carry over the ones an encode did not have to derive again. */
export function readDerivedForms(dir: string, owner: string, form: string, platform: CodecPlatform): Pack {
  return readPack(packFile(dir, owner, form, platform), MAGIC);
}

/**
 * The modules an encode asked a form of and got none, one `key source layout` line each, in a file
 * beside the form's pack (`PROJECT.none`): the next encode does not ask again while the module's
 * source and the layout are the same (a deriver may run esbuild to decide). Only an encode reads it,
 * and the worst a damaged or foreign file does is make it ask again or not: runs serve the verified
 * source of a module without a form either way.
 */
export function readUnderived(dir: string, owner: string, form: string, platform: CodecPlatform): Set<string> {
  try {
    return new Set(
      readRegularText(underivedFile(dir, owner, form, platform))
        .split("\n")
        .filter(Boolean),
    );
  } catch {
    return new Set();
  }
}

/** Replaces the record {@link readUnderived} reads; false when the cache folder cannot be written. */
export function writeUnderived(dir: string, owner: string, form: string, lines: readonly string[], platform: CodecPlatform): boolean {
  try {
    writeFileAtomic(underivedFile(dir, owner, form, platform), lines.map((line) => `${line}\n`).join(""));
    return true;
  } catch {
    return false;
  }
}

const underivedFile = (dir: string, owner: string, form: string, platform: CodecPlatform) => packFile(dir, owner, form, platform).replace(/\.pack$/, ".none");
