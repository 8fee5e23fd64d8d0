/**
 * Cartridges: a whole app in one PNG. The pixels hold, in order, an optional
 * label band (the title, drawn), the archive — every module and a header
 * naming them, as one stream so it compresses as one — and a 16-byte trailer.
 * The PNG's own checksum covers all of it; each module also has its SHA-256.
 *
 *   archive = u32 header length · header JSON · module bytes, back to back
 *   trailer = "PXCA" · version u8 · compression u8 (0 none, 1 brotli) · 0 u16 · label bytes u32 · archive bytes u32
 *
 * With compression "none" the archive is visible in the pixels (PNG's deflate
 * compresses it); with "brotli" the pixels hold a brotli stream instead.
 * This file reads them (adapters need only this); pack.ts makes them.
 */
import { basename, dirname, join, resolve } from "node:path";
import { zlib } from "../base/builtins.ts";
import { PxosError } from "../base/errors.ts";
import { isLoader, type Loader } from "../base/loaders.ts";
import { startsWith, utf8, view } from "../codec/bytes.ts";
import { decodeImage } from "../codec/decode.ts";
import { type CodecPlatform, sha256Hex } from "../codec/platform.ts";
import { DEFAULT_MAX_PIXELS } from "../codec/types.ts";
import { nodePlatform } from "../io/platform-node.ts";
import { isContainedPath, MANIFEST_VERSION, Manifest, type ManifestData } from "../manifest/manifest.ts";
import { isRelease } from "../manifest/release.ts";

export const CARTRIDGE_WIDTH = 512;
export const MAGIC = "PXCA";
const MAGIC_BYTES = utf8.encode(MAGIC);
export const TRAILER_BYTES = 16;
export const COMPRESSIONS = ["none", "brotli"] as const;
export type CartridgeCompression = (typeof COMPRESSIONS)[number];

export interface CartridgeModule {
  offset: number;
  size: number;
  sha256: string;
  loader: Loader;
}

export interface CartridgeHeader {
  version: 1;
  title?: string;
  entry?: string;
  /** The signed release, as in a manifest (release.ts); absent is 0. */
  release?: number;
  modules: Record<string, CartridgeModule>;
}

/** The decoded contents of a cartridge, every module checked against its SHA-256. */
export interface Cartridge {
  header: CartridgeHeader;
  compression: CartridgeCompression;
  modules: Map<string, Uint8Array>;
}

/**
 * Decode and verify a cartridge file: the PNG as a whole, the trailer, the
 * archive (brotli bounded by the length the trailer declares, itself bounded by pxos's
 * limit), then each module. Every failure is a PxosError.
 */
export function readCartridge(file: Uint8Array, name: string, opts: { maxPixels?: number; platform?: CodecPlatform } = {}): Cartridge {
  const platform = opts.platform ?? nodePlatform;
  const { bytes } = decodeImage(file, { file: name, maxPixels: opts.maxPixels }, platform);
  if (bytes.length < TRAILER_BYTES || !startsWith(bytes.subarray(bytes.length - TRAILER_BYTES), MAGIC_BYTES)) {
    throw new PxosError("BAD_MAGIC", "a pxos image, but not a cartridge (no PXCA trailer)", name);
  }
  const trailer = bytes.subarray(bytes.length - TRAILER_BYTES);
  if (trailer[4] !== 1) throw new PxosError("BAD_VERSION", `unknown cartridge version ${trailer[4]}`, name);
  const compression = COMPRESSIONS[trailer[5] as number];
  if (!compression) throw new PxosError("BAD_COMPRESSION", `unknown cartridge compression ${trailer[5]}`, name);
  const labelBytes = view(trailer).getUint32(8);
  const archiveBytes = view(trailer).getUint32(12);
  if (labelBytes > bytes.length - TRAILER_BYTES) throw new PxosError("BAD_SIZE", "the label band runs past the data", name);
  const payload = bytes.subarray(labelBytes, bytes.length - TRAILER_BYTES);
  // The trailer only ever lowers the bound: pxos's own limit is what an uncompressed cartridge within the pixel limit could hold.
  const limit = (opts.maxPixels ?? DEFAULT_MAX_PIXELS) * 3;
  if (archiveBytes > limit)
    throw new PxosError("TOO_LARGE", `the trailer declares a ${archiveBytes}-byte archive, more than the ${limit} bytes pxos unpacks`, name);
  const archive = compression === "brotli" ? inflateBrotli(payload, archiveBytes, name) : payload;
  if (archive.length !== archiveBytes) throw new PxosError("BAD_LENGTH", `the archive is ${archive.length} bytes, the trailer says ${archiveBytes}`, name);
  return { ...parseArchive(archive, name, platform), compression };
}

function inflateBrotli(payload: Uint8Array, expected: number, name: string): Uint8Array {
  try {
    return zlib().brotliDecompressSync(payload, { maxOutputLength: Math.max(1, expected) });
  } catch (cause) {
    throw new PxosError("BAD_ZLIB", `the brotli stream does not decode to the ${expected} bytes the trailer declares (${(cause as Error).message})`, name, {
      cause,
    });
  }
}

function parseArchive(archive: Uint8Array, name: string, platform: CodecPlatform): { header: CartridgeHeader; modules: Map<string, Uint8Array> } {
  const bad = (why: string): never => {
    throw new PxosError("BAD_MANIFEST", `cartridge header: ${why}`, name);
  };
  if (archive.length < 4) bad("missing");
  const headerLength = view(archive).getUint32(0);
  if (headerLength > archive.length - 4) bad(`claims ${headerLength} bytes, the archive has ${archive.length - 4}`);
  let header: CartridgeHeader;
  try {
    header = JSON.parse(utf8.decode(archive.subarray(4, 4 + headerLength)));
  } catch (cause) {
    throw new PxosError("BAD_MANIFEST", `cartridge header is not JSON (${(cause as Error).message})`, name, { cause });
  }
  if (header?.version !== 1 || typeof header.modules !== "object" || header.modules === null) bad("version 1 with modules expected");
  const bodies = archive.subarray(4 + headerLength);
  const modules = new Map<string, Uint8Array>();
  for (const [key, m] of Object.entries(header.modules)) {
    if (!isContainedPath(key)) bad(`module key ${JSON.stringify(key)} is not a relative path inside the app`);
    if (!Number.isSafeInteger(m?.offset) || !Number.isSafeInteger(m?.size) || m.offset < 0 || m.size < 0 || m.offset + m.size > bodies.length)
      bad(`module ${key} lies outside the archive`);
    if (!isLoader(m.loader) || typeof m.sha256 !== "string") bad(`module ${key} has no valid loader or checksum`);
    const bytes = bodies.subarray(m.offset, m.offset + m.size);
    if (sha256Hex(platform, bytes) !== m.sha256) throw new PxosError("CHECKSUM_MISMATCH", `module ${key}: SHA-256 does not match the cartridge header`, name);
    modules.set(key, bytes);
  }
  const packed = [...modules.values()].reduce((n, m) => n + m.length, 0);
  if (packed !== bodies.length) bad(`modules hold ${packed} bytes, the archive ${bodies.length}`);
  if (header.entry !== undefined && !modules.has(header.entry)) bad(`entry ${JSON.stringify(header.entry)} is not in the cartridge`);
  if (header.title !== undefined && typeof header.title !== "string") bad("title must be a string");
  if (header.release !== undefined && !isRelease(header.release)) bad("release must be a non-negative integer");
  return { header, modules };
}

/**
 * A cartridge seen as a manifest: modules live under the cartridge's own path
 * (`/dir/app.pxc.png/src/main.ts`), which nothing on disk can shadow.
 */
export function cartridgeManifest(path: string, cartridge: Cartridge): Manifest {
  const abs = resolve(path);
  const data: ManifestData = { version: MANIFEST_VERSION, root: basename(abs), modules: Object.create(null) };
  if (cartridge.header.release !== undefined) data.release = cartridge.header.release;
  for (const [key, m] of Object.entries(cartridge.header.modules)) {
    data.modules[key] = { image: basename(abs), format: "png", size: m.size, sha256: m.sha256, loader: m.loader };
  }
  return new Manifest(join(dirname(abs), basename(abs)), data);
}
