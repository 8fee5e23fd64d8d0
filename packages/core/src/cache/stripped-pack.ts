/**
 * JavaScript stripped from a project's verified TypeScript modules, kept in
 * one pack file per project and stripper: one read at start-up instead of a
 * file per module, and one write when a run stripped anything (creating a
 * thousand small files cost a cold start more than stripping them). Entries
 * are keyed by the SHA-256 of the verified source, and each carries the
 * SHA-256 of its JavaScript: a damaged entry is a miss, never code. Saving
 * keeps only the modules the manifest still names, so the pack never grows
 * past the project.
 *
 *   pack = "pxos-stripped 1" LF · index JSON LF · JavaScript of every entry, UTF-8, back to back
 *   index = { "<source SHA-256>": [start, end, "<JavaScript SHA-256>"] }  (byte offsets into the rest)
 */
import { type CodecPlatform, sha256Hex } from "../codec/platform.ts";
import { nodePlatform } from "../io/platform-node.ts";
import { type Pack, packPath, readPack, Scratch, writePack } from "./pack.ts";
import type { Stripper } from "./stripper.ts";

const MAGIC = "pxos-stripped 1";
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export interface StrippedCache {
  /**
   * The stripped JavaScript of a verified module, or undefined when it cannot be stripped: the
   * caller then serves the TypeScript, so the runtime reports non-erasable syntax exactly as for
   * a file. `source` is only called on a miss.
   */
  get(sha: string, source: () => string): string | undefined;
  /** Write the pack again if this process stripped anything, keeping the modules with these source SHA-256s. */
  save(keep: Iterable<string>): void;
}

/**
 * The pack for one project (named by `owner`, its manifest or cartridge path) under a cache folder.
 * It names itself and checks its entries with `platform`'s SHA-256: the Node hook's hashes a small
 * project without node:crypto, whose load would cost it more than all its hashing.
 *
 * @example
 * const stripped = strippedCache(cacheDir(), builtinStripper(), manifest.path);
 * const js = stripped.get(mod.sha256, () => text) ?? text;
 * process.once("exit", () => stripped.save(manifestShas));
 */
export function strippedCache(
  dir: string,
  stripper: Stripper,
  owner: string,
  platform: Pick<CodecPlatform, "sha256" | "sha256Hex"> = nodePlatform,
): StrippedCache {
  const sha256 = (bytes: Uint8Array) => sha256Hex(platform, bytes);
  // Named on first use, not here: the adapter's installation hashes nothing.
  const file = () => packPath(dir, ["stripped", stripper.id], owner, platform.sha256);
  let pack: Pack | undefined;
  const fresh = new Map<string, string>();
  // Each entry is decoded at once: read into memory already touched.
  const scratch = new Scratch();
  const packed = (sha: string): string | undefined => {
    pack ??= readPack(file(), MAGIC);
    const found = pack.entry(sha, scratch);
    return found && sha256(found[1]) === found[0] ? fromUtf8.decode(found[1]) : undefined;
  };
  return {
    get(sha, source) {
      const cached = fresh.get(sha) ?? packed(sha);
      if (cached !== undefined) return cached;
      try {
        const js = stripper.strip(source());
        fresh.set(sha, js);
        return js;
      } catch {
        return undefined;
      }
    },
    save(keep) {
      if (fresh.size === 0) return;
      const entries = [...new Set(keep)].flatMap((sha) => {
        const js = fresh.get(sha) ?? packed(sha);
        if (js === undefined) return [];
        const bytes = utf8.encode(js);
        return [[sha, bytes, sha256(bytes)] as const];
      });
      const written = writePack(file(), MAGIC, entries);
      if (!written) return;
      // What was just written is the pack now: a later save in this process (module.register's idle saves) keeps it.
      pack = written;
      fresh.clear();
    },
  };
}
