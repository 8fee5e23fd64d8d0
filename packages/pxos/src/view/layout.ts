/**
 * The map's layout: a squarified treemap (Bruls, Huizing, van Wijk) of the
 * folder tree, each module's area its pixel count. Children are ordered by
 * size, then name, so the same project lays out the same way every run.
 * Units are module pixels: at scale 1 a module covers about as many units
 * as it has pixels.
 */

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Folder {
  /** Folder path ("" for the root); a chain of folders with one child each is one node, "a/b/c". */
  path: string;
  rect: Rect;
  value: number;
  folders: Folder[];
  /** Module indices. */
  modules: number[];
}

export interface Layout {
  root: Folder;
  /** x, y, w, h of module i at 4i. */
  rects: Float32Array;
  /** Grid width and height of module i's pixels at 2i, as the atlas stores and the shader stretches them over the rect. */
  grids: Uint32Array;
  /** Pixels of module i (its bytes ÷ 3, rounded up). */
  pixels: Uint32Array;
}

/** The widest a module's pixel grid may be: the atlas's width. */
export const MAX_GRID = 4096;
const ASPECT = 1.6;

export function pixelsOf(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / 3));
}

export function layoutTreemap(keys: readonly string[], sizes: readonly number[]): Layout {
  const n = keys.length;
  const pixels = Uint32Array.from(sizes, pixelsOf);
  const root = folderTree(keys, pixels);
  const width = Math.sqrt(root.value * ASPECT);
  root.rect = { x: 0, y: 0, w: width, h: root.value / width };
  const rects = new Float32Array(n * 4);
  const grids = new Uint32Array(n * 2);
  place(root, rects, pixels);
  for (let i = 0; i < n; i++) {
    const p = pixels[i] as number;
    const w = rects[i * 4 + 2] as number;
    const h = rects[i * 4 + 3] as number;
    const gw = Math.min(MAX_GRID, p, Math.max(1, Math.round(Math.sqrt((p * w) / Math.max(h, 1e-9)))));
    grids[i * 2] = gw;
    grids[i * 2 + 1] = Math.ceil(p / gw);
  }
  return { root, rects, grids, pixels };
}

function folderTree(keys: readonly string[], pixels: Uint32Array): Folder {
  const root: Folder = { path: "", rect: { x: 0, y: 0, w: 0, h: 0 }, value: 0, folders: [], modules: [] };
  const byPath = new Map<string, Folder>([["", root]]);
  const folderOf = (path: string): Folder => {
    let folder = byPath.get(path);
    if (folder) return folder;
    const cut = path.lastIndexOf("/");
    const parent = folderOf(cut < 0 ? "" : path.slice(0, cut));
    folder = { path, rect: { x: 0, y: 0, w: 0, h: 0 }, value: 0, folders: [], modules: [] };
    parent.folders.push(folder);
    byPath.set(path, folder);
    return folder;
  };
  keys.forEach((key, i) => {
    const cut = key.lastIndexOf("/");
    folderOf(cut < 0 ? "" : key.slice(0, cut)).modules.push(i);
  });
  const finish = (folder: Folder): Folder => {
    folder.folders = folder.folders.map(finish);
    // A folder whose only content is one folder adds nothing but a border: the two become one node.
    const only = folder.folders[0];
    if (folder.path !== "" && folder.modules.length === 0 && folder.folders.length === 1 && only) return only;
    folder.value = folder.folders.reduce((s, f) => s + f.value, 0) + folder.modules.reduce((s, i) => s + (pixels[i] as number), 0);
    return folder;
  };
  return finish(root);
}

/** A folder's border, in units: thin against its size, so areas stay nearly to scale. */
function inset(r: Rect): Rect {
  const pad = Math.min(r.w, r.h) * 0.012 + 0.25;
  return r.w > 4 * pad && r.h > 4 * pad ? { x: r.x + pad, y: r.y + pad, w: r.w - 2 * pad, h: r.h - 2 * pad } : r;
}

function place(folder: Folder, rects: Float32Array, pixels: Uint32Array): void {
  const items: { value: number; name: string; folder?: Folder; module?: number }[] = [
    ...folder.folders.map((f) => ({ value: f.value, name: f.path, folder: f })),
    ...folder.modules.map((i) => ({ value: pixels[i] as number, name: String(i), module: i })),
  ];
  items.sort((a, b) => b.value - a.value || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const cells = squarify(
    items.map((it) => it.value),
    folder.path === "" ? folder.rect : inset(folder.rect),
  );
  items.forEach((it, k) => {
    const r = cells[k] as Rect;
    if (it.folder) {
      it.folder.rect = r;
      place(it.folder, rects, pixels);
    } else rects.set([r.x, r.y, r.w, r.h], (it.module as number) * 4);
  });
}

/** Cells for `values` (largest first) filling `rect`, rows laid along its shorter side while they keep cells squarer. */
export function squarify(values: readonly number[], rect: Rect): Rect[] {
  const total = values.reduce((s, v) => s + v, 0);
  const out: Rect[] = [];
  if (total <= 0) return values.map(() => ({ ...rect, w: 0, h: 0 }));
  const unit = (rect.w * rect.h) / total;
  let { x, y, w, h } = rect;
  let i = 0;
  while (i < values.length) {
    const side = Math.min(w, h);
    const first = (values[i] as number) * unit;
    let sum = first;
    let worst = ratio(sum, first, first, side);
    let j = i + 1;
    for (; j < values.length; j++) {
      const a = (values[j] as number) * unit;
      const next = ratio(sum + a, first, a, side);
      if (next > worst) break;
      worst = next;
      sum += a;
    }
    const thick = side > 0 ? sum / side : 0;
    let along = 0;
    for (let k = i; k < j; k++) {
      const len = thick > 0 ? ((values[k] as number) * unit) / thick : 0;
      out.push(w >= h ? { x, y: y + along, w: thick, h: len } : { x: x + along, y, w: len, h: thick });
      along += len;
    }
    if (w >= h) {
      x += thick;
      w -= thick;
    } else {
      y += thick;
      h -= thick;
    }
    i = j;
  }
  return out;
}

function ratio(sum: number, max: number, min: number, side: number): number {
  const s2 = sum * sum;
  const side2 = side * side;
  return Math.max((side2 * max) / s2, s2 / (side2 * min));
}

/** The module under point (x, y) in layout units, or -1: descends only the folders that hold the point. */
export function moduleAt(layout: Layout, x: number, y: number): number {
  const inside = (r: { x: number; y: number; w: number; h: number }) => x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
  let folder: Folder | undefined = layout.root;
  while (folder) {
    for (const i of folder.modules) {
      const o = i * 4;
      const r = layout.rects;
      if (inside({ x: r[o] as number, y: r[o + 1] as number, w: r[o + 2] as number, h: r[o + 3] as number })) return i;
    }
    folder = folder.folders.find((f) => inside(f.rect));
  }
  return -1;
}
