/** The code map's parts without a browser: SHA-256, treemap layout, atlas packing, fuzzy search. */
import { expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { sha256 as sha256Sync } from "../../packages/core/src/codec/sha256.ts";
import { packAtlas } from "../../packages/pxos/src/view/atlas.ts";
import { layoutTreemap, moduleAt, squarify } from "../../packages/pxos/src/view/layout.ts";
import { search } from "../../packages/pxos/src/view/search.ts";

test("the worker's SHA-256 is node:crypto's at every padding boundary", () => {
  for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 65537]) {
    const data = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 255);
    expect({ n, hex: Buffer.from(sha256Sync(data)).toString("hex") }).toEqual({ n, hex: createHash("sha256").update(data).digest("hex") });
  }
});

test("squarify fills the rectangle, each cell's area in proportion to its value", () => {
  const values = [600, 300, 200, 120, 60, 30, 6];
  const cells = squarify(values, { x: 0, y: 0, w: 40, h: 33 });
  const total = values.reduce((a, b) => a + b, 0);
  cells.forEach((c, i) => {
    expect(c.w * c.h).toBeCloseTo(((values[i] as number) / total) * 40 * 33, 6);
    expect(c.x).toBeGreaterThanOrEqual(-1e-9);
    expect(c.y + c.h).toBeLessThanOrEqual(33 + 1e-9);
  });
});

const keys = Array.from({ length: 500 }, (_, i) => `src/f${i % 7}/g${i % 3}/m${i}.ts`);
const sizes = keys.map((_, i) => 50 + ((i * 7919) % 3000));

test("the layout is the same on every run, groups by folder, and every module is found where it is drawn", () => {
  const a = layoutTreemap(keys, sizes);
  const b = layoutTreemap([...keys], [...sizes]);
  expect(Array.from(a.rects)).toEqual(Array.from(b.rects));
  const folder = a.root.folders[0]?.folders.find((f) => f.path === "src/f0");
  expect(folder?.folders.map((f) => f.path).sort()).toEqual(["src/f0/g0", "src/f0/g1", "src/f0/g2"]);
  for (let i = 0; i < keys.length; i += 37) {
    const [x, y, w, h] = a.rects.subarray(i * 4, i * 4 + 4) as unknown as number[];
    expect(moduleAt(a, (x as number) + (w as number) / 2, (y as number) + (h as number) / 2)).toBe(i);
    expect((a.grids[i * 2] as number) * (a.grids[i * 2 + 1] as number)).toBeGreaterThanOrEqual(a.pixels[i] as number);
  }
});

test("the atlas places every module inside its layer, in its band's strip, overlapping none", () => {
  const { grids } = layoutTreemap(keys, sizes);
  const atlas = packAtlas(grids, 256);
  const taken = new Set<string>();
  for (const band of atlas.bands) {
    for (let i = band.from; i < band.from + band.count; i++) {
      const [layer, x, y] = atlas.place.subarray(i * 3, i * 3 + 3) as unknown as number[];
      const [w, h] = [grids[i * 2] as number, grids[i * 2 + 1] as number];
      expect(layer).toBe(band.layer);
      expect((x as number) + w).toBeLessThanOrEqual(256);
      expect(y as number).toBeGreaterThanOrEqual(band.y);
      expect((y as number) + h).toBeLessThanOrEqual(band.y + band.height);
      for (let dx = 0; dx < w; dx++) {
        for (let dy = 0; dy < h; dy++) {
          const cell = `${layer}:${(x as number) + dx}:${(y as number) + dy}`;
          expect(taken.has(cell)).toBe(false);
          taken.add(cell);
        }
      }
    }
  }
  expect(atlas.bands.reduce((n, b) => n + b.count, 0)).toBe(keys.length);
});

test("fuzzy search: the query's characters in order anywhere in the path, the whole file name first", () => {
  const paths = ["src/lib/table.ts", "src/tables/list.ts", "test/able.ts", "src/main.ts"];
  const table = search("table", paths).map((i) => paths[i]);
  expect(table[0]).toBe("src/lib/table.ts");
  expect([...table].sort()).toEqual(["src/lib/table.ts", "src/tables/list.ts", "test/able.ts"]);
  expect(search("slt", paths).map((i) => paths[i])[0]).toBe("src/lib/table.ts");
  expect(search("zzz", paths)).toEqual([]);
  expect(search("  ", paths)).toEqual([]);
});
