/**
 * `npm run bench`: codec throughput on every runtime (each in its own
 * process, tinybench medians) and image sizes beside gzip -9. Prints
 * Markdown; `--write` also replaces the generated section of BENCHMARKS.md.
 */
import { execSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { encodeProject } from "@pxos/core";
import { bunForm, bunSourceForm } from "../packages/bun-plugin/src/derive.ts";
import { denoForm } from "../packages/deno-loader/src/derive.ts";
import { RUNTIME_BINARIES, type RuntimeName, runtimeBinary } from "../tests/support/runtimes.ts";
import { appRows } from "./apps.ts";
import { asEncoded, BOOT_WORK, cacheOf, generateApp, interleave, median, type Variant, variants } from "./boot.ts";
import { REPO, repoCorpus } from "./corpus.ts";
import { realWorldRows } from "./realworld.ts";
import { cartridgeRows, sizeRows } from "./sizes.ts";
import { viewReport, writeViewReport } from "./view.ts";

interface CodecRow {
  task: string;
  size: number;
  medianMs: number;
  mbPerS: number;
}

const runtimes = Object.keys(RUNTIME_BINARIES) as RuntimeName[];
const script = join(REPO, "bench", "codec.bench.ts");

function version(runtime: RuntimeName): string {
  return (
    execSync(`"${runtimeBinary(runtime)}" --version`, { encoding: "utf8" })
      .split("\n")[0]
      ?.trim() ?? "?"
  );
}

function codecRows(runtime: RuntimeName): CodecRow[] {
  const args = runtime === "deno" ? ["run", "-A", script] : [script];
  const run = spawnSync(runtimeBinary(runtime), args, { cwd: REPO, encoding: "utf8", env: { ...process.env, DENO_DIR: join(REPO, ".deno") } });
  if (run.status !== 0) throw new Error(`${runtime}: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop() as string);
}

const sizeLabel = (n: number) => (n >= 1024 * 1024 ? `${n / 1024 / 1024} MB` : `${n / 1024} KB`);
const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

const lines: string[] = [];
const cpu = cpus()[0]?.model ?? "unknown CPU";
lines.push(`Machine: ${cpus().length} × ${cpu}, ${fmt(totalmem() / 2 ** 30, 0)} GiB, ${process.platform} ${process.arch}.`);
lines.push(`Runtimes: ${runtimes.map((r) => `${r} ${version(r)}`).join(", ")}.`);
lines.push("Command: `npm run bench` (add `-- --write` to refresh this section).", "");

lines.push("### Codec throughput (MB/s of source bytes, tinybench median)", "");
const results = Object.fromEntries(runtimes.map((r) => [r, codecRows(r)])) as Record<RuntimeName, CodecRow[]>;
const tasks = [...new Set(results.bun.map((r) => r.task))];
const sizes = [...new Set(results.bun.map((r) => r.size))];
lines.push(`| task | size | ${runtimes.join(" | ")} |`, `| --- | --- | ${runtimes.map(() => "---:").join(" | ")} |`);
for (const task of tasks) {
  for (const size of sizes) {
    const cells = runtimes.map((r) => {
      const row = results[r].find((x) => x.task === task && x.size === size);
      return row ? `${fmt(row.mbPerS)} (${fmt(row.medianMs * 1000, 1)} µs)` : "—";
    });
    lines.push(`| ${task} | ${sizeLabel(size)} | ${cells.join(" | ")} |`);
  }
}

lines.push("", "### Image size ÷ source size, beside gzip -9 of the same bytes", "");
lines.push("| corpus | files | source bytes | png | pxif | gzip -9 | png ÷ gzip -9 |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of sizeRows()) {
  lines.push(
    `| ${r.corpus} | ${r.files} | ${fmt(r.source)} | ${(r.png / r.source).toFixed(3)} | ${(r.pxif / r.source).toFixed(3)} | ${(r.gzip9 / r.source).toFixed(3)} | **${(r.png / r.gzip9).toFixed(3)}** |`,
  );
}

lines.push("", "### Cartridges: a whole app in one image", "");
lines.push("| corpus | files | source bytes | visible (png deflate) | brotli | gzip -9 file by file |", "| --- | ---: | ---: | ---: | ---: | ---: |");
for (const r of cartridgeRows()) {
  lines.push(
    `| ${r.corpus} | ${r.files} | ${fmt(r.source)} | **${(r.visible / r.source).toFixed(3)}** | **${(r.brotli / r.source).toFixed(3)}** | ${(r.gzip9PerFile / r.source).toFixed(3)} |`,
  );
}

lines.push("", "### Boot: the same app from plain files and from pixels (whole process, median of interleaved runs)", "");
lines.push(
  "N modules of ~3.3 KB erasable TypeScript each, importing two others by relative path, encoded by `pxos encode` under Node 24 (so with Bun's ready JavaScript, Deno's JavaScript and Node 24's stripped JavaScript; Node 22 strips with another amaro and keeps its own pack). `pixels ÷ plain` is the ratio of medians; `trust key` runs the signed manifest under PXOS_TRUST (Deno: —); `µs/module` is (pixels − plain) ÷ N. `pixels` runs with pxos's cache warm (every run after the first); `cache off` is `PXOS_CACHE=0`: on Node every module stripped at every run, on Deno the mirror in a temporary folder (made once, before the runs; the modules' TypeScript, as the cache holds no derived form then). On Bun, which has no cache, that column is instead the same app under a runtime plugin that matches nothing (bench/empty-plugin.ts): what any plugin costs Bun.",
  "",
);
lines.push(
  "| runtime | N | plain ms | pixels ms | pixels ÷ plain | µs/module above plain | cache off (Bun: empty plugin) ms | ÷ plain | cartridge ms | cartridge ÷ plain | trust key ÷ plain |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
);
const bootRuntimes: RuntimeName[] = ["bun", "deno", "node22", "node24"];
for (const n of [1, 100, 1000]) {
  const dir = join(BOOT_WORK, `app-${n}`);
  generateApp(dir, n);
  for (const runtime of bootRuntimes) {
    const { plain, pixels, uncached, cartridge, trusted } = variants(runtime, dir);
    const m = interleave(dir, [plain, pixels, uncached, cartridge, ...(trusted ? [trusted] : [])], n === 1000 ? 7 : 11);
    const [p, x, u, c] = [m.plain as number, m.pixels as number, m.uncached as number, m.cartridge as number];
    const t = m.trusted === undefined ? "—" : (m.trusted / p).toFixed(3);
    lines.push(
      `| ${runtime} | ${n} | ${fmt(p, 1)} | ${fmt(x, 1)} | **${(x / p).toFixed(3)}** | ${fmt(((x - p) * 1000) / n, 1)} | ${fmt(u, 1)} | ${(u / p).toFixed(3)} | ${fmt(c, 1)} | **${(c / p).toFixed(3)}** | ${t} |`,
    );
  }
}

lines.push("", "### Boot: apps that are JavaScript already (whole process, median of interleaved runs)", "");
lines.push("The TypeScript app's tree as plain `.mjs` (N = 1, 100, 1000) and `.cjs` (N = 100). `trust key` runs the signed manifest under PXOS_TRUST.", "");
lines.push(...appRows(7));

lines.push("", "### Boot: real packages from npm (tests/realworld), plain files and pixels (whole process, median of interleaved runs)", "");
lines.push(
  "Each case of the real-world corpus as its test runs it, pixels with the sources replaced by stubs that throw if they run; pxos's cache warm. Timed only where pixels print what plain files print (the rest: tests/realworld/known-failures.ts).",
  "",
);
lines.push("| case | runtime | plain ms | pixels ms | pixels ÷ plain |", "| --- | --- | ---: | ---: | ---: |");
for (const row of realWorldRows()) {
  const t = row.timing;
  lines.push(
    typeof t === "string"
      ? `| ${row.name} | ${row.runtime} | — | — | ${t} |`
      : `| ${row.name} | ${row.runtime} | ${fmt(t.plain, 1)} | ${fmt(t.pixels, 1)} | **${(t.pixels / t.plain).toFixed(3)}** |`,
  );
}

lines.push("", "### The first run after an encode (pxos's cache as `pxos encode` left it), N = 1000", "");
lines.push("| runtime | plain ms | first run ms | ÷ plain | later runs ms | ÷ plain |", "| --- | ---: | ---: | ---: | ---: | ---: |");
for (const runtime of ["bun", "node22", "node24"] as const) {
  const dir = join(BOOT_WORK, "app-1000");
  const { plain, pixels } = variants(runtime, dir);
  const first: Variant = { ...pixels, name: "first", before: () => asEncoded(dir) };
  const m = interleave(dir, [plain, first, pixels], 7);
  const [p, f, x] = [m.plain as number, m.first as number, m.pixels as number];
  lines.push(`| ${runtime} | ${fmt(p, 1)} | ${fmt(f, 1)} | **${(f / p).toFixed(3)}** | ${fmt(x, 1)} | ${(x / p).toFixed(3)} |`);
}

lines.push("", "### Node 24 with its compile cache (`NODE_COMPILE_CACHE`), N = 1000", "");
{
  const dir = join(BOOT_WORK, "app-1000");
  const cache = (v: Variant, name: string): Variant => ({ ...v, name, env: { NODE_COMPILE_CACHE: join(BOOT_WORK, `cache-${name}`) } });
  const { plain, pixels } = variants("node24", dir);
  const m = interleave(dir, [plain, cache(plain, "plain+cache"), pixels, cache(pixels, "pixels+cache")], 7);
  lines.push("| variant | ms | ÷ plain |", "| --- | ---: | ---: |");
  for (const [name, ms] of Object.entries(m)) lines.push(`| ${name} | ${fmt(ms, 1)} | ${(ms / (m.plain as number)).toFixed(3)} |`);
}

lines.push("", "### Encoding a project (wall time in-process, median of 5)", "");
lines.push("| project | modules | full encode ms | re-encode, nothing changed ms | re-encode, one file changed ms |", "| --- | ---: | ---: | ---: | ---: |");
/** Full, unchanged and one-file-changed encodes of the project in `dir`, the file `touched` edited and restored. */
function encodeTimes(dir: string, touched: string): [number, number, number] {
  // As `pxos encode` encodes: Bun's and Deno's JavaScript derived for what changed.
  const encode = () => encodeProject({ root: dir, derive: [bunForm, bunSourceForm, denoForm()], cacheDir: cacheOf(dir) });
  const time = (work: () => void) =>
    median(
      Array.from({ length: 5 }, () => {
        const start = performance.now();
        work();
        return performance.now() - start;
      }),
    );
  const original = readFileSync(touched, "utf8");
  let round = 0;
  const full = time(() => {
    rmSync(join(dir, "pixel_src_storage"), { recursive: true, force: true });
    rmSync(join(dir, "pixel_manifest.json"), { force: true });
    encode();
  });
  const unchanged = time(encode);
  const oneChanged = time(() => {
    writeFileSync(touched, `${original}// edit ${round++}\n`);
    encode();
  });
  writeFileSync(touched, original);
  encode();
  return [full, unchanged, oneChanged];
}
{
  const app = join(BOOT_WORK, "app-1000");
  const [full, unchanged, oneChanged] = encodeTimes(app, join(app, "src", "m500.ts"));
  lines.push(`| generated app | 1000 | ${fmt(full, 0)} | ${fmt(unchanged, 0)} | **${fmt(oneChanged, 0)}** |`);
  // A copy of this repository's modules, so its encode writes nothing into the repository itself.
  const repo = join(BOOT_WORK, "repo");
  rmSync(repo, { recursive: true, force: true });
  const files = repoCorpus({ fixtures: true });
  for (const f of files) {
    mkdirSync(dirname(join(repo, f.path)), { recursive: true });
    writeFileSync(join(repo, f.path), f.bytes);
  }
  const [rFull, rUnchanged, rOne] = encodeTimes(repo, join(repo, "packages", "core", "src", "manifest", "manifest.ts"));
  lines.push(`| this repository | ${files.length} | ${fmt(rFull, 0)} | ${fmt(rUnchanged, 0)} | **${fmt(rOne, 0)}** |`);
}

lines.push("", "### Installing the adapter over a 1000-module manifest (in-process, median of 9)", "");
lines.push("| runtime | import ms | install ms |", "| --- | ---: | ---: |");
for (const runtime of bootRuntimes.filter((r) => r !== "deno")) {
  const runs = Array.from({ length: 9 }, () => {
    const run = spawnSync(runtimeBinary(runtime), [join(REPO, "bench", "install.ts"), join(BOOT_WORK, "app-1000", "pixel_manifest.json")], {
      cwd: REPO,
      encoding: "utf8",
    });
    if (run.status !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout) as { importMs: number; installMs: number };
  });
  lines.push(`| ${runtime} | ${fmt(median(runs.map((r) => r.importMs)), 2)} | **${fmt(median(runs.map((r) => r.installMs)), 2)}** |`);
}

const report = lines.join("\n");
console.log(report);
if (process.argv.includes("--write")) {
  const file = join(REPO, "BENCHMARKS.md");
  const doc = readFileSync(file, "utf8");
  const start = "<!-- bench:generated:start -->";
  const end = "<!-- bench:generated:end -->";
  writeFileSync(file, `${doc.slice(0, doc.indexOf(start) + start.length)}\n${report}\n${doc.slice(doc.indexOf(end))}`);
  // Aligned tables, as `npm run lint` wants them.
  spawnSync(join(REPO, "node_modules", ".bin", "biome"), ["format", "--write", file], { stdio: "ignore" });
}

// The code map's figures have a section of their own in BENCHMARKS.md.
const view = await viewReport();
console.log(`\n${view}`);
if (process.argv.includes("--write")) writeViewReport(view);
