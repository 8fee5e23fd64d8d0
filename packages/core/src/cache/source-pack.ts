/**
 * Verified module sources, kept in one pack file per project so that a run whose images have not
 * changed since they were last decoded reads one file instead of decoding an image per module.
 * Each entry is bound twice. To the manifest: it is keyed by the SHA-256 the manifest records for
 * the module, and its bytes are hashed again on every read, so only the bytes the manifest (signed
 * or not) names can come out — which is why a trust key may use it too. To the image file: by its
 * size, inode, and modification and change times when it was decoded and verified, so an image
 * that was edited, replaced, damaged or removed since is decoded again and stops the run as before.
 * A damaged or foreign pack is a miss, never code.
 *
 *   pack = "pxos-sources 1" LF · index JSON LF · every entry's bytes, back to back
 *   index = { "<source SHA-256>": [start, end, "<image fingerprint>"] }  (byte offsets into the rest)
 *
 * @example
 * const { known, keep } = sourcePack(options.cacheDir, manifest.path, platform).lookup(entry.sha256, image);
 * if (known) return known;
 * const bytes = decodeAndVerify(image); // throws for a damaged image
 * keep(bytes);
 */
import { lstatSync } from "node:fs";
import { type CodecPlatform, sha256Hex } from "../codec/platform.ts";
import { type Pack, packPath, readPack, type Scratch, writePack } from "./pack.ts";

const MAGIC = "pxos-sources 1";

export interface SourcePack {
  /**
   * Call before reading `image`: `known` is the verified bytes of the module whose manifest SHA-256
   * is `sha` when the image is as it was when they were verified; else decode the image and hand
   * the verified bytes to `keep`, which keeps them unless the image changed meanwhile. `known` is
   * read into `scratch` when given (pack.ts).
   */
  lookup(sha: string, image: string, scratch?: Scratch): { known: Uint8Array | undefined; keep(bytes: Uint8Array): void };
  /** True when `image` is as it was when it was decoded and found to hold the bytes with SHA-256 `sha`, by the pack's index alone. */
  unchanged(sha: string, image: string): boolean;
  /** Keeps `bytes`, known to be what `image` holds as it is now (`pxos encode` just made it of them), under SHA-256 `sha`. */
  keepMade(sha: string, image: string, bytes: Uint8Array): void;
  /** Write the pack again if this process verified anything new, keeping the modules with these SHA-256s. */
  save(keep: Iterable<string>): void;
}

/** An image file's identity: what any edit, replacement or removal changes (the change time cannot be set back). */
function fingerprint(image: string): string | undefined {
  try {
    const s = lstatSync(image);
    return s.isFile() ? `${s.size}:${s.ino}:${s.mtimeMs}:${s.ctimeMs}` : undefined;
  } catch {
    return undefined;
  }
}

export function sourcePack(dir: string, owner: string, platform: CodecPlatform): SourcePack {
  const sha256 = (bytes: Uint8Array) => sha256Hex(platform, bytes);
  const file = () => packPath(dir, ["sources"], owner, platform.sha256);
  let pack: Pack | undefined;
  const fresh = new Map<string, [string, Uint8Array]>();
  const opened = () => (pack ??= readPack(file(), MAGIC));
  return {
    lookup(sha, image, scratch) {
      const was = fingerprint(image);
      const entry = was === undefined ? undefined : (fresh.get(sha) ?? opened().entry(sha, scratch));
      const known = entry && entry[0] === was && sha256(entry[1]) === sha ? entry[1] : undefined;
      return {
        known,
        keep: (bytes) => {
          if (was !== undefined && fingerprint(image) === was) fresh.set(sha, [was, bytes]);
        },
      };
    },
    unchanged(sha, image) {
      const was = fingerprint(image);
      if (was === undefined) return false;
      return (fresh.get(sha)?.[0] ?? opened().tag(sha)) === was;
    },
    keepMade(sha, image, bytes) {
      const now = fingerprint(image);
      if (now !== undefined) fresh.set(sha, [now, bytes]);
    },
    save(keep) {
      if (fresh.size === 0) return;
      const entries = [...new Set(keep)].flatMap((sha) => {
        const entry = fresh.get(sha) ?? opened().entry(sha);
        return entry ? [[sha, entry[1], entry[0]] as const] : [];
      });
      const written = writePack(file(), MAGIC, entries);
      if (!written) return;
      pack = written;
      fresh.clear();
    },
  };
}
