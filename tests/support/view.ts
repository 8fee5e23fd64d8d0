/** Start `pxos view` as a user would, and read the URL it prints. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeProject } from "@pxos/core";
import type { Page } from "playwright-core";
import type {} from "../../packages/pxos/src/view/client.ts";
import { REPO, runtimeBinary } from "./runtimes.ts";

export async function startView(cwd: string, args: string[] = []): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(runtimeBinary("bun"), [join(REPO, "packages", "pxos", "bin", "pxos.mjs"), "view", ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk) => {
      out += chunk;
      const line = out.split("\n")[0];
      if (out.includes("\n") && line) resolveUrl(line.trim());
    });
    child.on("exit", (code) => reject(new Error(`pxos view exited with ${code}`)));
  });
  return { url, child };
}

/**
 * A generated project of `n` TypeScript modules in a tree of folders (about 40 modules a folder),
 * sizes spread from about 80 bytes to 3 KB, the same bytes every time; encoded with core.
 */
export function generateMapProject(dir: string, n: number): void {
  rmSync(dir, { recursive: true, force: true });
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const words = ["const", "value", "export", "function", "return", "pixels", "module", "total", "render", "layout"];
  for (let i = 0; i < n; i++) {
    const folder = join(dir, "src", `area${Math.floor(i / 1600)}`, `part${Math.floor(i / 40) % 40}`);
    if (i % 40 === 0) mkdirSync(folder, { recursive: true });
    const target = Math.round(80 * 38 ** random());
    let text = `// module ${i}\n`;
    while (text.length < target) text += `export const ${words[Math.floor(random() * 10)]}${text.length} = ${Math.floor(random() * 1e6)};\n`;
    writeFileSync(join(folder, `m${i}.ts`), text);
  }
  encodeProject({ root: dir });
}

/** Open a module as a user would: find it with the search box, fly there, click it. */
export async function openFromMap(page: Page, key: string, query = key): Promise<void> {
  await flyTo(page, key, query);
  const box = await moduleBox(page, key);
  const canvas = (await page.locator("#gl").boundingBox()) as { x: number; y: number };
  await page.mouse.click(canvas.x + box.x + box.w / 2, canvas.y + box.y + box.h / 2);
  await page.waitForSelector(`#module[data-key="${key}"]`);
}

/** Search for `query`, expect `key` as the best match, and fly there with Enter. */
export async function flyTo(page: Page, key: string, query = key): Promise<void> {
  await page.fill("#search", query);
  await page.waitForFunction((k) => (document.querySelector("#results li") as HTMLElement | null)?.dataset.key === k, key);
  await page.press("#search", "Enter");
  await page.waitForFunction((k) => document.getElementById("gl")?.dataset.focus === k, key);
}

/** A module's rect on the map canvas (CSS pixels from its corner) and its pixel grid. */
export function moduleBox(page: Page, key: string): Promise<{ x: number; y: number; w: number; h: number; gridW: number; gridH: number }> {
  return page.evaluate((k) => {
    const state = window.pxosMap;
    const i = state.keys.indexOf(k);
    const grids = state.layout?.grids as Uint32Array;
    return { ...state.map.screenRect(i), gridW: grids[i * 2] as number, gridH: grids[i * 2 + 1] as number };
  }, key);
}

/** The colour the map canvas shows at (x, y), CSS pixels from its corner, read back from WebGL. */
export function mapPixel(page: Page, x: number, y: number): Promise<number[]> {
  return page.evaluate(
    ([px, py]: number[]) => {
      const canvas = document.getElementById("gl") as HTMLCanvasElement;
      const gl = canvas.getContext("webgl2") as WebGL2RenderingContext;
      const out = new Uint8Array(4);
      const dpr = devicePixelRatio;
      gl.readPixels(Math.floor((px as number) * dpr), canvas.height - 1 - Math.floor((py as number) * dpr), 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, out);
      return [...out.subarray(0, 3)];
    },
    [x, y],
  );
}
