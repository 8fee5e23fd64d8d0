/**
 * `pxos view` end to end in headless Chromium: the map, a module's
 * pixel ↔ character highlighting, an edit saved through the page, and the app
 * booted from pixels running the edit.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { cpSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeProject, PixelModules, packCartridge, resolveOptions } from "@pxos/core";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../support/browser.ts";
import { REPO, runtimeBinary } from "../support/runtimes.ts";
import { openFromMap, startView } from "../support/view.ts";

const app = join(REPO, "tests", ".work", "view");
let browser: Browser;
let page: Page;
let url: string;
let stop: () => void;

beforeAll(async () => {
  rmSync(app, { recursive: true, force: true });
  cpSync(join(REPO, "examples", "hello", "src"), join(app, "src"), { recursive: true });
  encodeProject({ root: app });
  const view = await startView(app);
  url = view.url;
  stop = () => view.child.kill();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
  await page.goto(url);
  await page.waitForSelector("#map[data-ready=true]");
}, 60_000);

afterAll(async () => {
  await browser?.close();
  stop?.();
});

describe("pxos view", () => {
  test("the map draws every module, verified, in a treemap grouped by folder", async () => {
    const state = await page.evaluate(() => {
      const s = window.pxosMap;
      const paths = (f: { path: string; folders: unknown[] }): string[] => [f.path, ...(f.folders as (typeof f)[]).flatMap(paths)];
      return { total: s.total, drawn: s.drawn, bad: s.bad, folders: paths(s.layout?.root as never) };
    });
    expect(state).toEqual({ total: 6, drawn: 6, bad: [], folders: ["", "src", "src/lib"] });
    expect(await page.locator("#summary").textContent()).toMatch(/^6 modules, \d+ bytes$/);
  });

  test("a module opens beside its pixels; hovering a pixel highlights its three characters", async () => {
    await openFromMap(page, "src/greet.ts");
    const box = (await page.locator("#pixels").boundingBox()) as { x: number; y: number };
    await page.mouse.move(box.x + 4, box.y + 4); // pixel 0
    expect(await page.locator("#source").getAttribute("data-highlighted")).toBe("exp");
    await page.mouse.move(box.x + 4 + 8 * 3, box.y + 4); // pixel 3: bytes 9–11 of "export function"
    expect(await page.locator("#source").getAttribute("data-highlighted")).toBe("nct");
  });

  test("selecting text outlines the pixels that hold it", async () => {
    await page.evaluate(() => {
      const spans = document.querySelectorAll("#source span");
      const range = document.createRange();
      range.setStartBefore(spans[0] as Node);
      range.setEndAfter(spans[4] as Node);
      document.getSelection()?.removeAllRanges();
      document.getSelection()?.addRange(range);
    });
    await page.waitForFunction(() => document.getElementById("overlay")?.dataset.count === "5");
  });

  test("an edit re-encodes live in the page, saves through core, and runs from pixels", async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: source text edited in the page
    const edited = "export function greet(audience: string): string {\n  return `Hello, ${audience}! Edited as pixels.`;\n}\n";
    await page.click("#edit");
    await page.fill("#editor", edited);
    await page.waitForFunction((n) => document.getElementById("module")?.dataset.size === String(n), new TextEncoder().encode(edited).length);
    expect(await page.locator("#status").textContent()).toMatch(/^unsaved · image \d+ bytes$/);
    await page.click("#save");
    await page.waitForFunction(() => document.getElementById("status")?.textContent === "saved");
    const pixels = PixelModules.open(resolveOptions({ manifest: join(app, "pixel_manifest.json") }));
    expect(new TextDecoder().decode(pixels.read(join(app, "src", "greet.ts")).bytes)).toBe(edited);
    // The file on disk still says the old thing: the output proves the pixels ran.
    const run = spawnSync(runtimeBinary("bun"), ["--preload", "@pxos/bun-plugin/preload", "src/main.ts"], { cwd: app, encoding: "utf8" });
    expect(run.stdout).toContain("Hello, pixel world! Edited as pixels.");
  });

  test("a re-encode from the command line shows up in the page", async () => {
    writeFileSync(join(app, "src", "lib", "extra.ts"), "export const extra = 1;\n");
    encodeProject({ root: app });
    await page.waitForFunction(() => document.getElementById("summary")?.textContent?.startsWith("7 modules"));
  }, 30_000);

  test("writes need the token, stay inside the project, and only loopback names are served", async () => {
    const save = (key: string, headers: Record<string, string>) => fetch(`${url}api/save/${key}`, { method: "POST", headers, body: "x" });
    expect((await save("src/greet.ts", {})).status).toBe(403);
    const token = (await page.locator('meta[name="pxos-token"]').getAttribute("content")) as string;
    expect((await save(encodeURIComponent("../../etc/passwd"), { "x-pxos-token": token })).status).toBe(400);
    const foreign = spawnSync("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Host: attacker.example", url], { encoding: "utf8" });
    expect(foreign.stdout).toBe("403");
    expect(new URL(url).hostname).toBe("127.0.0.1");
  });
});

test("a cartridge opens read-only from its one image: every module drawn, no editing, saves refused", async () => {
  writeFileSync(join(app, "app.pxc.png"), packCartridge({ root: app, entry: "src/main.ts" }).image);
  const view = await startView(app, ["--cartridge", "app.pxc.png"]);
  try {
    const cartridgePage = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    await cartridgePage.goto(view.url);
    await cartridgePage.waitForSelector("#map[data-ready=true]");
    expect(await cartridgePage.evaluate(() => ({ drawn: window.pxosMap.drawn, bad: window.pxosMap.bad }))).toEqual({ drawn: 7, bad: [] });
    await openFromMap(cartridgePage, "src/greet.ts");
    expect(await cartridgePage.locator("#edit").isHidden()).toBe(true);
    const token = (await cartridgePage.locator('meta[name="pxos-token"]').getAttribute("content")) as string;
    const save = await fetch(`${view.url}api/save/src%2Fgreet.ts`, { method: "POST", headers: { "x-pxos-token": token }, body: "x" });
    expect(save.status).toBe(405);
  } finally {
    view.child.kill();
  }
}, 30_000);

test("a brotli cartridge, which the browser cannot unpack, is drawn from its modules' images instead", async () => {
  writeFileSync(join(app, "app.br.pxc.png"), packCartridge({ root: app, entry: "src/main.ts", compression: "brotli" }).image);
  const view = await startView(app, ["--cartridge", "app.br.pxc.png"]);
  try {
    const cartridgePage = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    await cartridgePage.goto(view.url);
    await cartridgePage.waitForSelector("#map[data-ready=true]");
    const modules = PixelModules.open(resolveOptions({ cartridge: join(app, "app.br.pxc.png") })).manifest.keys().length;
    expect(await cartridgePage.evaluate(() => ({ drawn: window.pxosMap.drawn, bad: window.pxosMap.bad }))).toEqual({ drawn: modules, bad: [] });
  } finally {
    view.child.kill();
  }
}, 30_000);
