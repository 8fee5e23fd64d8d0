/** Making cartridges (the format is described in cartridge.ts): apart, so adapters that only read them never load the encoder. */
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { zlib } from "../base/builtins.ts";
import { isPxosError, PxosError } from "../base/errors.ts";
import { type Loader, loaderFor } from "../base/loaders.ts";
import { DEFAULT_MANIFEST, DEFAULT_OUT_DIR } from "../base/names.ts";
import { toHex, utf8, view } from "../codec/bytes.ts";
import { encodeImage } from "../codec/encode.ts";
import { DEFAULT_MAX_PIXELS } from "../codec/types.ts";
import { nodePlatform } from "../io/platform-node.ts";
import { readFileOrFail, readRegularText } from "../io/read-file.ts";
import { Manifest } from "../manifest/manifest.ts";
import { decideGone, type GonePolicy, goneModules, livesIn, pixelsOnlyIn, readGone } from "../project/gone-sources.ts";
import { listModules, type ModuleSelection, walkOrder } from "../project/walk.ts";
import { CARTRIDGE_WIDTH, type CartridgeCompression, type CartridgeHeader, COMPRESSIONS, MAGIC, TRAILER_BYTES } from "./cartridge.ts";
import { renderLabel } from "./label.ts";

export interface PackOptions extends ModuleSelection, GonePolicy {
  entry?: string;
  title?: string;
  compression?: CartridgeCompression;
  /** The release to record (release.ts); default from `previous`: kept when nothing changed, else one more. */
  release?: number;
  /** The cartridge this one replaces, if any. */
  previous?: CartridgeHeader;
}

/**
 * Pack every module under `root` into one cartridge PNG; those of its manifest whose files are gone
 * from their pixels, left out, or asked about (project/gone-sources.ts). Deterministic: same sources, same bytes.
 *
 * @example
 * writeFileAtomic("app.pxc.png", packCartridge({ root: ".", entry: "src/main.ts", title: "hello" }).image);
 */
export function packCartridge(opts: PackOptions = {}): { image: Uint8Array; header: CartridgeHeader; sourceBytes: number; fromPixels: string[] } {
  const root = resolve(opts.root ?? ".");
  const stats = statSync(root, { throwIfNoEntry: false });
  if (!stats) throw new PxosError("NOT_FOUND", "no such project directory", root);
  if (!stats.isDirectory()) throw new PxosError("IO", "the project root is not a directory", root);
  const compression = opts.compression ?? "none";
  const selection = { skipDirs: [join(root, DEFAULT_OUT_DIR)], skipFiles: [join(root, DEFAULT_MANIFEST)], include: opts.include, exclude: opts.exclude };
  const files = listModules(root, selection);
  // The project's modules whose files are gone: packed from their verified pixels, left out, or asked about, as encode does.
  const manifest = projectManifest(join(root, DEFAULT_MANIFEST), root, files, opts.prune === true);
  const kept = manifest ? decideGone(goneModules(root, manifest, files, selection), manifest, opts, "pack") : [];
  const fromPixels = manifest ? readGone(manifest, kept) : new Map<string, Uint8Array>();
  const keys = kept.length ? [...files, ...kept].sort(walkOrder) : files;
  if (opts.entry !== undefined && !keys.includes(opts.entry)) throw new PxosError("USAGE", `entry ${opts.entry} is not one of the modules packed`, root);
  const total = keys.reduce((n, key) => n + (fromPixels.get(key)?.length ?? statSync(join(root, key)).size), 0);
  if (total > MAX_ARCHIVE_BYTES)
    throw new PxosError("TOO_LARGE", `the modules hold ${total} bytes, more than the ${MAX_ARCHIVE_BYTES} a cartridge within the pixel limit holds`, root);
  const header: CartridgeHeader = { version: 1, modules: Object.create(null) };
  if (opts.title) header.title = opts.title;
  if (opts.entry) header.entry = opts.entry;
  const bodies: Uint8Array[] = [];
  let offset = 0;
  for (const key of keys) {
    const bytes = fromPixels.get(key) ?? readFileOrFail(join(root, key), "the module vanished while packing");
    header.modules[key] = { offset, size: bytes.length, sha256: toHex(nodePlatform.sha256(bytes)), loader: loaderFor(key) as Loader };
    bodies.push(bytes);
    offset += bytes.length;
  }
  const release = opts.release ?? nextRelease(header, opts.previous);
  if (opts.previous?.release !== undefined && release < opts.previous.release)
    throw new PxosError("USAGE", `release ${release} is lower than the replaced cartridge's release ${opts.previous.release}: releases never go down`, root);
  if (release > 0) header.release = release;
  const headerBytes = utf8.encode(JSON.stringify(header));
  const archive = Buffer.concat([u32(headerBytes.length), headerBytes, ...bodies]);
  const payload =
    compression === "brotli"
      ? zlib().brotliCompressSync(archive, {
          params: { [zlib().constants.BROTLI_PARAM_QUALITY]: 11, [zlib().constants.BROTLI_PARAM_SIZE_HINT]: archive.length },
        })
      : archive;
  const label = opts.title ? renderLabel(opts.title, CARTRIDGE_WIDTH) : new Uint8Array(0);
  const trailer = new Uint8Array(TRAILER_BYTES);
  trailer.set(utf8.encode(MAGIC), 0);
  trailer[4] = 1;
  trailer[5] = COMPRESSIONS.indexOf(compression);
  view(trailer).setUint32(8, label.length);
  view(trailer).setUint32(12, archive.length);
  const data = Buffer.concat([label, payload, trailer]);
  const pixels = CARTRIDGE_WIDTH * Math.ceil(Math.ceil(data.length / 3) / CARTRIDGE_WIDTH);
  if (pixels > DEFAULT_MAX_PIXELS || archive.length > MAX_ARCHIVE_BYTES)
    throw new PxosError("TOO_LARGE", `the cartridge would be ${pixels} pixels, over the limit of ${DEFAULT_MAX_PIXELS} pixels every reader applies`, root);
  return {
    image: encodeImage(data, { format: "png", width: CARTRIDGE_WIDTH, path: opts.title ?? "" }, nodePlatform),
    header,
    sourceBytes: offset,
    fromPixels: kept,
  };
}

function nextRelease(header: CartridgeHeader, previous: CartridgeHeader | undefined): number {
  if (!previous) return 0;
  const same = JSON.stringify({ ...previous, release: undefined }) === JSON.stringify(header);
  return (previous.release ?? 0) + (same ? 0 : 1);
}

/** What readers inflate a cartridge's archive to at most (cartridge.ts): the pixel limit's bytes. */
const MAX_ARCHIVE_BYTES = DEFAULT_MAX_PIXELS * 3;

const u32 = (n: number) => {
  const b = new Uint8Array(4);
  view(b).setUint32(0, n);
  return b;
};

/**
 * The project's manifest, where pxos can read one. Without one pack takes the files alone; so it
 * does past one it cannot read — unless modules that manifest names live in pixels alone (an image,
 * no file): then it stops, as the cartridge would lack them (`prune` packs even so).
 */
function projectManifest(path: string, root: string, files: readonly string[], prune: boolean): Manifest | undefined {
  let text: string;
  try {
    text = readRegularText(path);
  } catch {
    // None, or not a regular file (a folder, a FIFO): no manifest of pxos's.
    return undefined;
  }
  try {
    return Manifest.load(path);
  } catch (err) {
    if (!isPxosError(err)) throw err;
    const lost = prune ? [] : (pixelsOnlyIn(text, path, root, files) ?? []);
    if (lost.length === 0) return undefined;
    throw new PxosError(
      "PIXELS_ONLY",
      `cannot be read (${err.reason}), and ${livesIn(lost)} in pixels alone (no file on disk): the cartridge would lack ${lost.length === 1 ? "it" : "them"}; nothing written (mend the manifest, or pass --prune to pack the files alone)`,
      path,
    );
  }
}
