/**
 * The code map at scale, in headless Chromium: a generated 10,000-module
 * project opens and every module is drawn and verified; the GPU shows each
 * module's own bytes as pixels (read back from the WebGL canvas); search
 * finds a module by a fuzzy path and centres it; hover and click still lead
 * to the module view.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeImage } from "@pxos/core";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../support/browser.ts";
import { REPO } from "../support/runtimes.ts";
import { flyTo, generateMapProject, mapPixel, moduleBox, openFromMap, startView } from "../support/view.ts";

const N = 10_000;
const app = join(REPO, "tests", ".work", "view-map");
/** Module 4133 of the generated tree (40 a folder, 40 folders an area). */
const KEY = "src/area2/part23/m4133.ts";
let browser: Browser;
let page: Page;
let stop: () => void;

beforeAll(async () => {
  generateMapProject(app, N);
  const view = await startView(app);
  stop = () => view.child.kill();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
  await page.goto(view.url);
  await page.waitForSelector("#map[data-ready=true]", { timeout: 90_000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  stop?.();
});

/** The colour module pixel `p` should have: its three bytes, zeros past the end. */
function expected(bytes: Uint8Array, p: number): number[] {
  return [bytes[p * 3] ?? 0, bytes[p * 3 + 1] ?? 0, bytes[p * 3 + 2] ?? 0];
}

test("10,000 modules open: every one drawn, every image verified against the manifest", async () => {
  const state = await page.evaluate(() => ({ total: window.pxosMap.total, drawn: window.pxosMap.drawn, bad: window.pxosMap.bad }));
  expect(state).toEqual({ total: N, drawn: N, bad: [] });
  expect(await page.locator("#summary").textContent()).toMatch(/^10000 modules, \d+ bytes$/);
});

test("the whole-project view samples each module's own pixels at its place in the treemap", async () => {
  await page.dblclick("#gl", { position: { x: 2, y: 2 } });
  const key = "src/area0/part0/m0.ts";
  const box = await moduleBox(page, key);
  const bytes = readFileSync(join(app, key));
  // Zoomed out, a canvas pixel shows the module pixel under its centre; points clear of cell edges only.
  const checked: number[] = [];
  for (let y = Math.ceil(box.y); y < box.y + box.h && checked.length < 6; y++) {
    for (let x = Math.ceil(box.x); x < box.x + box.w && checked.length < 6; x++) {
      const u = ((x + 0.5 - box.x) / box.w) * box.gridW;
      const v = ((y + 0.5 - box.y) / box.h) * box.gridH;
      const clear = (t: number) => t % 1 > 0.2 && t % 1 < 0.8;
      const p = Math.floor(v) * box.gridW + Math.floor(u);
      if (!clear(u) || !clear(v) || p * 3 >= bytes.length) continue;
      expect({ p, rgb: await mapPixel(page, x, y) }).toEqual({ p, rgb: expected(bytes, p) });
      checked.push(p);
    }
  }
  expect(checked.length).toBe(6);
});

test("search finds a module by a fuzzy path and centres it", async () => {
  await flyTo(page, KEY, "a2p23m4133");
  const box = await moduleBox(page, KEY);
  const canvas = (await page.locator("#gl").boundingBox()) as { width: number; height: number };
  expect(Math.abs(box.x + box.w / 2 - canvas.width / 2)).toBeLessThan(2);
  expect(Math.abs(box.y + box.h / 2 - canvas.height / 2)).toBeLessThan(2);
  expect(await page.locator("#where").textContent()).toBe("src/area2/part23");
});

test("zoomed to a module, the canvas shows exactly its bytes, pixel by pixel", async () => {
  await flyTo(page, KEY, "m4133");
  const box = await moduleBox(page, KEY);
  const bytes = readFileSync(join(app, KEY));
  const pixels = Math.ceil(bytes.length / 3);
  const cell = { w: box.w / box.gridW, h: box.h / box.gridH };
  const samples = [0, 1, 2, box.gridW - 1, box.gridW, Math.floor(pixels / 2), pixels - 1];
  for (const p of samples) {
    const at = { x: box.x + ((p % box.gridW) + 0.5) * cell.w, y: box.y + (Math.floor(p / box.gridW) + 0.5) * cell.h };
    expect({ p, rgb: await mapPixel(page, at.x, at.y) }).toEqual({ p, rgb: expected(bytes, p) });
  }
});

test("hover names the module, its size and loader; a click opens it in the module view", async () => {
  await flyTo(page, KEY, "m4133");
  const box = await moduleBox(page, KEY);
  const canvas = (await page.locator("#gl").boundingBox()) as { x: number; y: number };
  await page.mouse.move(canvas.x + box.x + box.w / 2, canvas.y + box.y + box.h / 2);
  const size = readFileSync(join(app, KEY)).length;
  expect(await page.locator("#tip").textContent()).toBe(`${KEY} · ${size} bytes · ts`);
  await openFromMap(page, KEY, "m4133");
  expect(await page.locator("#module").getAttribute("data-size")).toBe(String(size));
  expect(await page.locator("#title").textContent()).toBe(KEY);
});

test("an image that is not the module the manifest names is refused and drawn as a failure, not as code", async () => {
  const manifest = JSON.parse(readFileSync(join(app, "pixel_manifest.json"), "utf8")) as { modules: Record<string, { image: string }> };
  const file = join(app, manifest.modules[KEY]?.image as string);
  const original = readFileSync(file);
  // A valid image of other bytes of the same length: it decodes and checks against its own header, but not the manifest.
  const other = new Uint8Array(readFileSync(join(app, KEY)));
  other[0] = (other[0] as number) ^ 1;
  writeFileSync(file, encodeImage(other, { loader: "ts", path: KEY }));
  try {
    await page.reload();
    await page.waitForSelector("#map[data-ready=true]", { timeout: 90_000 });
    expect(await page.evaluate(() => window.pxosMap.bad)).toEqual([`${KEY}: SHA-256 does not match the manifest`]);
    await flyTo(page, KEY, "m4133");
    const box = await moduleBox(page, KEY);
    expect(await mapPixel(page, box.x + box.w / 2, box.y + box.h / 2)).toEqual([204, 26, 26]);
  } finally {
    writeFileSync(file, original);
  }
}, 120_000);
