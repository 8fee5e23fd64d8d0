/** `npm run screenshots`: the viewer on examples/hello, in headless Chromium, saved to docs/ for docs/view.md. */
import { join } from "node:path";
import { encodeProject } from "@pxos/core";
import { launchChromium } from "../tests/support/browser.ts";
import { startView } from "../tests/support/view.ts";

const root = join(import.meta.dirname, "..");
const app = join(root, "examples", "hello");
encodeProject({ root: app });
const view = await startView(app);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 640 } });
  await page.goto(view.url);
  await page.waitForSelector("#map[data-ready=true]");
  await page.mouse.move(300, 300);
  for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -200);
  await page.screenshot({ path: join(root, "docs", "view-map.png") });
  await page.click('.tile[data-key="src/lib/table.ts"]');
  const box = (await page.locator("#pixels").boundingBox()) as { x: number; y: number };
  await page.mouse.move(box.x + 8 * 5 + 4, box.y + 4);
  await page.waitForFunction(() => document.querySelector("#source span.hl") !== null);
  await page.screenshot({ path: join(root, "docs", "view-module.png") });
  console.log("wrote docs/view-map.png and docs/view-module.png");
} finally {
  await browser.close();
  view.child.kill();
}
