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
 */
import { readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants } from "node:zlib";
import { toHex, utf8, view } from "./codec/bytes.ts";
import { decodeImage } from "./codec/decode.ts";
import { encodeImage } from "./codec/encode.ts";
import { PxosError } from "./errors.ts";
import { renderLabel } from "./label.ts";
import { isLoader, type Loader, loaderFor } from "./loaders.ts";
import { isContainedPath, MANIFEST_VERSION, Manifest, type ManifestData } from "./manifest.ts";
import { nodePlatform } from "./platform-node.ts";
import { listModules } from "./walk.ts";

export const CARTRIDGE_WIDTH = 512;
const MAGIC = "PXCA";
const TRAILER_BYTES = 16;
const COMPRESSIONS = ["none", "brotli"] as const;
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
  modules: Record<string, CartridgeModule>;
}

export interface PackOptions {
  root?: string;
  entry?: string;
  title?: string;
  compression?: CartridgeCompression;
  include?: readonly string[];
  exclude?: readonly string[];
}

/**
 * Pack every module under `root` into one cartridge PNG. Deterministic: same sources, same bytes.
 *
 * @example
 * writeFileAtomic("app.pxc.png", packCartridge({ root: ".", entry: "src/main.ts", title: "hello" }).image);
 */
export function packCartridge(opts: PackOptions = {}): { image: Uint8Array; header: CartridgeHeader; sourceBytes: number } {
  const root = resolve(opts.root ?? ".");
  const compression = opts.compression ?? "none";
  const keys = listModules(root, {
    skipDirs: [join(root, "pixel_src_storage")],
    skipFiles: [join(root, "pixel_manifest.json")],
    include: opts.include,
    exclude: opts.exclude,
  });
  if (opts.entry !== undefined && !keys.includes(opts.entry)) throw new PxosError("USAGE", `entry ${opts.entry} is not one of the modules packed`, root);
  const header: CartridgeHeader = { version: 1, modules: Object.create(null) };
  if (opts.title) header.title = opts.title;
  if (opts.entry) header.entry = opts.entry;
  const bodies: Uint8Array[] = [];
  let offset = 0;
  for (const key of keys) {
    const bytes = readFileSync(join(root, key));
    header.modules[key] = { offset, size: bytes.length, sha256: toHex(nodePlatform.sha256(bytes)), loader: loaderFor(key) as Loader };
    bodies.push(bytes);
    offset += bytes.length;
  }
  const headerBytes = utf8.encode(JSON.stringify(header));
  const archive = Buffer.concat([u32(headerBytes.length), headerBytes, ...bodies]);
  const payload =
    compression === "brotli"
      ? brotliCompressSync(archive, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: archive.length } })
      : archive;
  const label = opts.title ? renderLabel(opts.title, CARTRIDGE_WIDTH) : new Uint8Array(0);
  const trailer = new Uint8Array(TRAILER_BYTES);
  trailer.set(utf8.encode(MAGIC), 0);
  trailer[4] = 1;
  trailer[5] = COMPRESSIONS.indexOf(compression);
  view(trailer).setUint32(8, label.length);
  view(trailer).setUint32(12, archive.length);
  const data = Buffer.concat([label, payload, trailer]);
  return { image: encodeImage(data, { format: "png", width: CARTRIDGE_WIDTH, path: opts.title ?? "" }, nodePlatform), header, sourceBytes: offset };
}

const u32 = (n: number) => {
  const b = new Uint8Array(4);
  view(b).setUint32(0, n);
  return b;
};

/** The decoded contents of a cartridge, every module checked against its SHA-256. */
export interface Cartridge {
  header: CartridgeHeader;
  compression: CartridgeCompression;
  modules: Map<string, Uint8Array>;
}

/**
 * Decode and verify a cartridge file: the PNG as a whole, the trailer, the
 * archive (brotli bounded by the length the trailer declares), then each module.
 */
export function readCartridge(file: Uint8Array, name: string, opts: { maxPixels?: number } = {}): Cartridge {
  const { bytes } = decodeImage(file, { file: name, maxPixels: opts.maxPixels }, nodePlatform);
  if (bytes.length < TRAILER_BYTES || utf8.decode(bytes.subarray(bytes.length - TRAILER_BYTES, bytes.length - TRAILER_BYTES + 4)) !== MAGIC) {
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
  const archive = compression === "brotli" ? inflateBrotli(payload, archiveBytes, name) : payload;
  if (archive.length !== archiveBytes) throw new PxosError("BAD_LENGTH", `the archive is ${archive.length} bytes, the trailer says ${archiveBytes}`, name);
  return { ...parseArchive(archive, name), compression };
}

function inflateBrotli(payload: Uint8Array, expected: number, name: string): Uint8Array {
  try {
    return brotliDecompressSync(payload, { maxOutputLength: Math.max(1, expected) });
  } catch (cause) {
    throw new PxosError("BAD_ZLIB", `the brotli stream does not decode to the ${expected} bytes the trailer declares (${(cause as Error).message})`, name, {
      cause,
    });
  }
}

function parseArchive(archive: Uint8Array, name: string): { header: CartridgeHeader; modules: Map<string, Uint8Array> } {
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
    if (toHex(nodePlatform.sha256(bytes)) !== m.sha256)
      throw new PxosError("CHECKSUM_MISMATCH", `module ${key}: SHA-256 does not match the cartridge header`, name);
    modules.set(key, bytes);
  }
  if (header.entry !== undefined && !modules.has(header.entry)) bad(`entry ${header.entry} is not in the cartridge`);
  return { header, modules };
}

/**
 * A cartridge seen as a manifest: modules live under the cartridge's own path
 * (`/dir/app.pxc.png/src/main.ts`), which nothing on disk can shadow.
 */
export function cartridgeManifest(path: string, cartridge: Cartridge): Manifest {
  const abs = resolve(path);
  const data: ManifestData = { version: MANIFEST_VERSION, root: basename(abs), modules: Object.create(null) };
  for (const [key, m] of Object.entries(cartridge.header.modules)) {
    data.modules[key] = { image: basename(abs), format: "png", size: m.size, sha256: m.sha256, loader: m.loader };
  }
  return new Manifest(join(dirname(abs), basename(abs)), data);
}
