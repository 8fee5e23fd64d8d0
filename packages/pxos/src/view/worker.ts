/**
 * The map's worker: fetches module images a band at a time (one request per
 * band, or the cartridge's single image once), decodes each with core's
 * codec, checks it holds exactly the bytes the manifest names
 * (size and SHA-256), and lays the band's pixel grids out as the texture rows
 * the page uploads in one call. Bands are posted as they are ready, so the
 * first picture comes long before the last image.
 */
import { type CodecPlatform, concat, decodeImage, sha256, toHex } from "@pxos/core/codec";
import { crc32, decodeImageInBrowser } from "@pxos/core/codec/browser";
import { Inflate } from "pako";
import type { Band } from "./atlas.ts";
import { splitFrames } from "./summary.ts";

export interface LoadRequest {
  cartridge: boolean;
  /** Module keys, for a cartridge's worker only: it finds each module in the archive by key. */
  keys: string[];
  sizes: number[];
  grids: Uint32Array;
  place: Int32Array;
  bands: Band[];
  size: number;
  /** This worker takes bands index, index + of, index + 2·of…: the others take the rest. */
  share: { index: number; of: number };
}

export type WorkerMessage = { kind: "band"; band: number; data: Uint8Array; bad: { index: number; message: string }[] } | { kind: "error"; message: string };

/** Bands fetched ahead of the one being decoded. */
const AHEAD = 2;

export function startWorker(): void {
  // Asked for at once, while the page still fetches the summary and lays the map out.
  const checksums = fetch("/api/checksums").then(async (res) => {
    if (!res.ok) throw new Error(`checksums: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  });
  addEventListener("message", (event: MessageEvent<LoadRequest>) => {
    load(event.data, checksums).catch((err) => postMessage({ kind: "error", message: String((err as Error).message ?? err) } satisfies WorkerMessage));
  });
}

async function load(req: LoadRequest, checksums: Promise<Uint8Array>): Promise<void> {
  const digests = await checksums;
  const modulesOf = req.cartridge ? await cartridgeSource(req) : imageSource();
  const pending = new Map<number, Promise<() => (Loaded | Error)[]>>();
  const start = (b: number) => {
    const band = req.bands[b];
    if (band && !pending.has(b)) pending.set(b, modulesOf(band));
  };
  for (let b = req.share.index; b < req.bands.length; b += req.share.of) {
    for (let k = 0; k <= AHEAD; k++) start(b + k * req.share.of);
    const band = req.bands[b] as Band;
    const modules = (await (pending.get(b) as Promise<() => (Loaded | Error)[]>))();
    pending.delete(b);
    const data = new Uint8Array(req.size * band.height * 3);
    const bad: { index: number; message: string }[] = [];
    for (let k = 0; k < band.count; k++) {
      const i = band.from + k;
      const loaded = modules[k];
      const problem = loaded === undefined ? "no image" : loaded instanceof Error ? loaded.message : mismatch(req, digests, i, loaded);
      if (problem !== undefined) bad.push({ index: i, message: problem });
      else lay(req, band, i, (loaded as Loaded).bytes, data);
    }
    postMessage({ kind: "band", band: b, data, bad } satisfies WorkerMessage, { transfer: [data.buffer] });
  }
}

/**
 * Core's codec on synchronous parts: the web platform's async inflate and digest cost a promise and a thread hop per
 * image, most of the time to draw ten thousand small modules. Inflate stops past `expected + 1` bytes, as on every runtime.
 */
const platform: CodecPlatform = {
  crc32,
  sha256,
  inflate(data, expected) {
    const inflater = new Inflate({ chunkSize: Math.max(64, expected + 1) });
    const chunks: Uint8Array[] = [];
    let length = 0;
    inflater.onData = (chunk) => {
      length += chunk.length;
      if (length > expected + 1) throw new Error("inflated output is larger than expected");
      chunks.push(chunk);
    };
    inflater.push(data, true);
    if (inflater.err) throw new Error(`inflate: ${inflater.msg}`);
    return chunks.length === 1 ? (chunks[0] as Uint8Array) : concat(chunks);
  },
};

/** A module's bytes, with their SHA-256 when the codec has already checked them against it. */
interface Loaded {
  bytes: Uint8Array;
  sha256?: string;
}

/** Why module i's bytes are not the ones the manifest names, or undefined when they are. */
function mismatch(req: LoadRequest, checksums: Uint8Array, i: number, { bytes, sha256: checked }: Loaded): string | undefined {
  if (bytes.length !== req.sizes[i]) return `${bytes.length} bytes, the manifest says ${req.sizes[i]}`;
  return (checked ?? toHex(sha256(bytes))) === toHex(checksums.subarray(i * 32, i * 32 + 32)) ? undefined : "SHA-256 does not match the manifest";
}

/** Module i's bytes as its grid's rows, at its place in the band's strip. */
function lay(req: LoadRequest, band: Band, i: number, bytes: Uint8Array, data: Uint8Array): void {
  const [, x, y] = req.place.subarray(i * 3, i * 3 + 3) as unknown as [number, number, number];
  const row = (req.grids[i * 2] as number) * 3;
  for (let r = 0; r * row < bytes.length; r++) {
    data.set(bytes.subarray(r * row, (r + 1) * row), ((y - band.y + r) * req.size + x) * 3);
  }
}

/** A band's modules: fetched ahead, decoded only when called, so a band fetched early never delays an earlier one. */
type Source = (band: Band) => Promise<() => (Loaded | Error)[]>;

function imageSource(): Source {
  return async (band) => {
    const res = await fetch(`/api/images?from=${band.from}&count=${band.count}`);
    if (!res.ok) throw new Error(`images ${band.from}–${band.from + band.count}: HTTP ${res.status}`);
    const images = splitFrames(new Uint8Array(await res.arrayBuffer()));
    return () =>
      Array.from({ length: band.count }, (_, k) => {
        const image = images[k];
        if (!image) return new Error("missing from the batch");
        try {
          // The codec verifies the bytes against the SHA-256 in the image's header; that digest is compared with the manifest's.
          const d = decodeImage(image, {}, platform);
          return { bytes: d.bytes, sha256: d.info.sha256 };
        } catch (err) {
          return err as Error;
        }
      });
  };
}

/** A cartridge: its one image fetched and decoded once, every module then sliced from the archive it holds. */
async function cartridgeSource(req: LoadRequest): Promise<Source> {
  const res = await fetch("/api/cartridge");
  if (!res.ok) throw new Error(`cartridge: HTTP ${res.status}`);
  const { bytes } = await decodeImageInBrowser(new Uint8Array(await res.arrayBuffer()), { file: "cartridge" });
  const trailer = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 16, 16);
  const payload = bytes.subarray(trailer.getUint32(8), bytes.length - 16);
  const brotli = trailer.getUint8(5) !== 0;
  // Chromium has no brotli DecompressionStream (150 had none): such a cartridge's modules come as images, as a manifest's.
  if (brotli && !decompresses("brotli")) return imageSource();
  const archive = brotli ? await inflate(payload, "brotli" as CompressionFormat) : payload;
  const headerLength = new DataView(archive.buffer, archive.byteOffset).getUint32(0);
  const header = JSON.parse(new TextDecoder().decode(archive.subarray(4, 4 + headerLength))) as { modules: Record<string, { offset: number; size: number }> };
  const bodies = archive.subarray(4 + headerLength);
  return async (band) => () =>
    Array.from({ length: band.count }, (_, k) => {
      const m = header.modules[req.keys[band.from + k] as string];
      return m ? { bytes: bodies.subarray(m.offset, m.offset + m.size) } : new Error("not in the cartridge");
    });
}

function decompresses(format: string): boolean {
  try {
    new DecompressionStream(format as CompressionFormat);
    return true;
  } catch {
    return false;
  }
}

async function inflate(data: Uint8Array, format: CompressionFormat): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
