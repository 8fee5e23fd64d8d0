/**
 * `pxos view` at scale: generated projects of 1,000, 10,000 and 100,000
 * modules opened in headless Chromium (WebGL2 on SwiftShader); time from
 * navigation to the first frame with module pixels, to every module drawn,
 * and the page's JavaScript heap then. Part of `npm run bench`; alone,
 * `bun bench/view.ts [--write]` prints (and writes) just this section.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { launchChromium } from "../tests/support/browser.ts";
import { generateMapProject, startView } from "../tests/support/view.ts";
import { BOOT_WORK, median } from "./boot.ts";
import { REPO } from "./corpus.ts";

interface Run {
  firstMs: number;
  allMs: number;
  heapMb: number;
  frameMs: number;
}

/** Generated once per size and kept in bench/.work: encoding 100,000 modules takes longer than viewing them. */
function project(n: number): string {
  const dir = join(BOOT_WORK, `map-${n}`);
  const stamp = join(dir, "generated.txt");
  if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== String(n)) {
    generateMapProject(dir, n);
    writeFileSync(stamp, String(n));
  }
  return dir;
}

async function open(dir: string): Promise<Run> {
  const view = await startView(dir);
  const browser = await launchChromium();
  chromium = browser.version();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    await page.goto(view.url);
    await page.waitForSelector("#map[data-ready=true]", { timeout: 600_000 });
    const { firstPictureMs, allDrawnMs, bad } = await page.evaluate(() => window.pxosMap);
    if (bad.length > 0) throw new Error(`modules refused: ${bad.slice(0, 3).join("; ")}`);
    // A redraw of the whole project, then the frame after it: the GPU's work is done by then (median of 10).
    const frameMs = await page.evaluate(async () => {
      const times: number[] = [];
      for (let i = 0; i < 10; i++) {
        const start = performance.now();
        window.pxosMap.map.redraw();
        await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        times.push(performance.now() - start);
      }
      return times.sort((a, b) => a - b)[5] as number;
    });
    const { metrics } = await cdp.send("Performance.getMetrics");
    const heap = metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? Number.NaN;
    return { firstMs: firstPictureMs as number, allMs: allDrawnMs as number, heapMb: heap / 2 ** 20, frameMs };
  } finally {
    await browser.close();
    view.child.kill();
  }
}

let chromium = "?";
const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });

export async function viewReport(): Promise<string> {
  const lines = [
    "### `pxos view`: the code map at scale (headless Chromium, WebGL2 on SwiftShader)",
    "",
    "Generated projects (tests/support/view.ts: 40 modules a folder, ~80 B to 3 KB each), served by `pxos view`, opened in a 1400×800 page. `first picture`: navigation to the first frame with module pixels in it; `all drawn`: to the frame with every module's pixels, each decoded and verified in the worker; `page heap`: the page's JavaScript heap then (Chrome's JSHeapUsedSize); `frame`: a redraw of the whole project and the frame after it (median of 10; 16.7 ms is 60 fps). Medians of 3 runs (100,000: 1 run). The machine was shared with other work while this ran: the load average is in the table.",
    "",
    "| modules | source MB | first picture ms | all drawn ms | page heap MB | frame ms | load average at start |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const n of [1_000, 10_000, 100_000]) {
    const dir = project(n);
    const manifest = JSON.parse(readFileSync(join(dir, "pixel_manifest.json"), "utf8")) as { modules: Record<string, { size: number }> };
    const source = Object.values(manifest.modules).reduce((s, m) => s + m.size, 0);
    const load = loadavg()[0] as number;
    const runs: Run[] = [];
    for (let r = 0; r < (n === 100_000 ? 1 : 3); r++) runs.push(await open(dir));
    const m = (f: (r: Run) => number) => median(runs.map(f));
    lines.push(
      `| ${fmt(n)} | ${(source / 1e6).toFixed(1)} | **${fmt(m((r) => r.firstMs))}** | **${fmt(m((r) => r.allMs))}** | ${fmt(m((r) => r.heapMb))} | ${fmt(m((r) => r.frameMs))} | ${load.toFixed(1)} (${cpus().length} cores) |`,
    );
  }
  lines.push(
    "",
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, ${fmt(totalmem() / 2 ** 30)} GiB; Chromium ${chromium}; pxos view on Bun.`,
    "Command: `npm run bench` (this section alone: `bun bench/view.ts --write`).",
  );
  return lines.join("\n");
}

/** Replace this section of BENCHMARKS.md (between its own markers). */
export function writeViewReport(report: string): void {
  const file = join(REPO, "BENCHMARKS.md");
  const doc = readFileSync(file, "utf8");
  const start = "<!-- bench:view:start -->";
  const end = "<!-- bench:view:end -->";
  const section = `${start}\n${report}\n${end}`;
  writeFileSync(
    file,
    doc.includes(start) ? `${doc.slice(0, doc.indexOf(start))}${section}${doc.slice(doc.indexOf(end) + end.length)}` : `${doc.trimEnd()}\n\n${section}\n`,
  );
  // Aligned tables, as `npm run lint` wants them.
  spawnSync(join(REPO, "node_modules", ".bin", "biome"), ["format", "--write", file], { stdio: "ignore" });
}

if (import.meta.main) {
  const report = await viewReport();
  console.log(report);
  if (process.argv.includes("--write")) writeViewReport(report);
}
