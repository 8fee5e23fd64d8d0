/** `npm run screenshots`: the viewer on examples/hello and on a real package, in headless Chromium, saved to docs/ for docs/view.md. */
import { cpSync, existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { encodeProject } from "@pxos/core";
import type { Page } from "playwright-core";
import { launchChromium } from "../tests/support/browser.ts";
import { flyTo, openFromMap, startView } from "../tests/support/view.ts";

const root = join(import.meta.dirname, "..");

/** Encodes `project`, serves it with `pxos view` and hands `shoot` a page with its map drawn. */
async function withMap(project: string, viewport: { width: number; height: number }, shoot: (page: Page) => Promise<void>): Promise<void> {
  encodeProject({ root: project });
  const view = await startView(project);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport });
    await page.goto(view.url);
    await page.waitForSelector("#map[data-ready=true]");
    await shoot(page);
  } finally {
    await browser.close();
    view.child.kill();
  }
}

await withMap(join(root, "examples", "hello"), { width: 1280, height: 640 }, async (page) => {
  await page.mouse.move(300, 300);
  await page.screenshot({ path: join(root, "docs", "view-map.png") });
  await openFromMap(page, "src/lib/table.ts");
  const box = (await page.locator("#pixels").boundingBox()) as { x: number; y: number };
  await page.mouse.move(box.x + 8 * 5 + 4, box.y + 4);
  await page.waitForFunction(() => document.querySelector("#source span.hl") !== null);
  await page.screenshot({ path: join(root, "docs", "view-module.png") });
  console.log("wrote docs/view-map.png and docs/view-module.png");
});

/**
 * The code map on a real package of several hundred modules (zod, pinned in tests/realworld; `npm ci --prefix
 * tests/realworld` first) at three zoom levels, for docs/view.md.
 */
const REAL_MODULE = "src/v4/core/regexes.ts";
const realworld = join(root, "tests", "realworld", "node_modules", "zod");
if (existsSync(realworld)) {
  const real = join(root, "tests", ".work", "view-real", "zod");
  rmSync(real, { recursive: true, force: true });
  cpSync(realworld, real, { recursive: true });
  await withMap(real, { width: 820, height: 480 }, async (page) => {
    const map = page.locator("#map");
    await map.screenshot({ path: join(root, "docs", "view-real-1.png") });
    await flyTo(page, REAL_MODULE, REAL_MODULE);
    await page.mouse.move(10, 10);
    await map.screenshot({ path: join(root, "docs", "view-real-3.png") });
    const box = (await map.boundingBox()) as { x: number; y: number; width: number; height: number };
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 2; i++) await page.mouse.wheel(0, 450);
    await page.mouse.move(10, 10);
    await page.waitForTimeout(200);
    await map.screenshot({ path: join(root, "docs", "view-real-2.png") });
    console.log("wrote docs/view-real-{1,2,3}.png");
  });
} else {
  console.log("skipped the real package's screenshots: run `npm ci --prefix tests/realworld` first");
}
