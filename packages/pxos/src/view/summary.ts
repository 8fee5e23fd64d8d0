/**
 * What the server tells the map, shared by both sides (no `node:` here): the
 * summary — every module in one response; their SHA-256s, 32 bytes each in
 * the same order, go to the worker alone as /api/checksums — and the framing
 * of a batch of images, so thousands of modules cost a few requests, not one each.
 */

/** Modules per /api/images request at most. */
export const MAX_BATCH = 4096;

/**
 * Column by column, in the order /api/images serves the modules: a hundred thousand modules parse in a
 * fraction of the time an object each would take.
 */
export interface Summary {
  /** Changes whenever the manifest (or cartridge) does. */
  version: string;
  manifest: string;
  readOnly: boolean;
  keys: string[];
  /** Source bytes. */
  sizes: number[];
  /** Index into `names` of each module's loader and of its image format. */
  loaders: number[];
  formats: number[];
  names: string[];
}

/** Images back to back, each after its length as a big-endian u32. */
export function imageFrames(images: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(images.reduce((n, image) => n + 4 + image.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const image of images) {
    view.setUint32(at, image.length);
    out.set(image, at + 4);
    at += 4 + image.length;
  }
  return out;
}

/** The images of {@link imageFrames}' output; a frame running past the end is an error, not a short image. */
export function splitFrames(data: Uint8Array): Uint8Array[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const images: Uint8Array[] = [];
  for (let at = 0; at < data.length; ) {
    if (at + 4 > data.length) throw new Error("image batch ends inside a frame length");
    const length = view.getUint32(at);
    if (at + 4 + length > data.length) throw new Error("image batch ends inside an image");
    images.push(data.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return images;
}
