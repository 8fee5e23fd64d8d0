/**
 * Packing module pixel grids into the layers of one texture array. Modules
 * go in bands — a run of consecutive modules, the unit the worker fetches and
 * uploads with one call — each band a strip of whole shelves (tallest
 * modules first), so no band's upload touches another's texels.
 */

export interface Band {
  /** First module index and how many. */
  from: number;
  count: number;
  layer: number;
  /** Top row of the strip and its height. */
  y: number;
  height: number;
}

export interface Atlas {
  size: number;
  /** Rows of each layer in use: `size` unless one layer is enough (a texture only as big as it must be costs less to allocate and clear). */
  height: number;
  layers: number;
  /** Layer, x, y of module i at 3i (y within the layer); layer -1 for a module too big to draw. */
  place: Int32Array;
  bands: Band[];
}

/**
 * A band holds at most this many modules and pixels, so it fits a layer and one response stays small. The first
 * bands are smaller: the first picture waits for one whole band, decoded while the worker's code is still cold.
 */
const BAND_MODULES = 4096;
const FIRST_BAND_MODULES = 32;
const BAND_PIXELS = 2 ** 21;

export function packAtlas(grids: Uint32Array, size: number): Atlas {
  const n = grids.length / 2;
  const place = new Int32Array(n * 3).fill(-1);
  const bands: Band[] = [];
  let layer = 0;
  let top = 0;
  for (let from = 0; from < n; ) {
    let count = 0;
    let pixels = 0;
    const most = Math.min(BAND_MODULES, FIRST_BAND_MODULES * 2 ** bands.length);
    while (from + count < n && count < most && (count === 0 || pixels < BAND_PIXELS)) {
      pixels += (grids[(from + count) * 2] as number) * (grids[(from + count) * 2 + 1] as number);
      count++;
    }
    let height = shelve(grids, from, count, size, top, layer, place);
    if (top + height > size) {
      layer++;
      top = 0;
      height = shelve(grids, from, count, size, 0, layer, place);
    }
    bands.push({ from, count, layer, y: top, height });
    top += height;
    from += count;
  }
  return { size, height: layer > 0 ? size : Math.max(1, top), layers: layer + 1, place, bands };
}

/** Shelf-pack modules [from, from + count) below row `top`; returns the strip's height. */
function shelve(grids: Uint32Array, from: number, count: number, size: number, top: number, layer: number, place: Int32Array): number {
  const order = Array.from({ length: count }, (_, k) => from + k).sort((a, b) => (grids[b * 2 + 1] as number) - (grids[a * 2 + 1] as number) || a - b);
  let x = 0;
  let y = 0;
  let shelf = 0;
  for (const i of order) {
    const w = grids[i * 2] as number;
    const h = grids[i * 2 + 1] as number;
    if (h > size) continue; // stays at layer -1: drawn as a placeholder
    if (x + w > size) {
      y += shelf;
      x = 0;
      shelf = 0;
    }
    place.set([layer, x, top + y], i * 3);
    x += w;
    shelf = Math.max(shelf, h);
  }
  return y + shelf;
}
