/**
 * Boot of apps that are JavaScript already (ES modules at N = 1, 100, 1000; CommonJS at N = 100),
 * every runtime, pixels ÷ plain, and with a trust key (PXOS_TRUST, signed manifest). Part of `npm run bench`; alone,
 * `bun bench/apps.ts [ROUNDS]` prints just these tables.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RuntimeName } from "../tests/support/runtimes.ts";
import { BOOT_WORK, cacheOf, encodeSigned, importMap, interleave, type Variant } from "./boot.ts";
import { REPO } from "./corpus.ts";

type Kind = "esm" | "cjs";

/** Module i requires or imports 2i+1 and 2i+2, as generateApp's TypeScript tree, in plain JavaScript. */
export function generateJsApp(dir: string, n: number, kind: Kind): void {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cacheOf(dir), { recursive: true, force: true });
  mkdirSync(join(dir, "src"), { recursive: true });
  const ext = kind === "esm" ? "mjs" : "cjs";
  for (let i = 0; i < n; i++) {
    const kids = [2 * i + 1, 2 * i + 2].filter((k) => k < n);
    const lines =
      kind === "esm" ? kids.map((k) => `import { total${k} } from "./m${k}.${ext}";`) : kids.map((k) => `const { total${k} } = require("./m${k}.${ext}");`);
    for (let f = 0; f < 8; f++) {
      lines.push(
        `function build${i}_${f}(id, label = "item-${i}-${f}") {\n  const tags = [label.toUpperCase(), String(id * ${f + 3})];\n  if (id % 2 === 0) tags.push("even");\n  return { id, label, tags };\n}\n`,
      );
    }
    const total = `${kids.map((k) => `total${k}`).join(" + ") || "0"} + build${i}_0(${i}).tags.length`;
    lines.push(kind === "esm" ? `export const total${i} = ${total};` : `exports.total${i} = ${total};`);
    writeFileSync(join(dir, "src", `m${i}.${ext}`), `${lines.join("\n")}\n`);
  }
  const main = kind === "esm" ? `import { total0 } from "./src/m0.mjs";\nconsole.log(total0);\n` : `console.log(require("./src/m0.cjs").total0);\n`;
  writeFileSync(join(dir, `main.${ext}`), main);
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  encodeSigned(dir);
  importMap(dir, []);
}

function appVariants(runtime: RuntimeName, dir: string, entry: string): Variant[] {
  const trust = { PXOS_TRUST: `${dir}.key.pub` };
  if (runtime === "deno") {
    const env = { DENO_DIR: join(REPO, ".deno") };
    return [
      { name: "plain", runtime, args: ["run", "-A", entry], env },
      { name: "pixels", runtime, args: ["run", "-A", "--import-map=pxos.importmap.json", entry], env },
    ];
  }
  const adapter = runtime === "bun" ? ["--preload", "@pxos/bun-plugin/preload"] : ["--import", "@pxos/node-hook/register"];
  return [
    { name: "plain", runtime, args: [entry] },
    { name: "pixels", runtime, args: [...adapter, entry] },
    { name: "trusted", runtime, args: [...adapter, entry], env: trust },
  ];
}

/** The tables, as Markdown lines. */
export function appRows(rounds: number, runtimes: RuntimeName[] = ["bun", "deno", "node22", "node24"]): string[] {
  const lines = ["| app | runtime | N | plain ms | pixels ms | pixels ÷ plain | trust key ÷ plain |", "| --- | --- | ---: | ---: | ---: | ---: | ---: |"];
  const cases: [Kind, number][] = [
    ["esm", 1],
    ["esm", 100],
    ["esm", 1000],
    ["cjs", 100],
  ];
  for (const [kind, n] of cases) {
    const dir = join(BOOT_WORK, `js-${kind}-${n}`);
    generateJsApp(dir, n, kind);
    for (const runtime of runtimes) {
      let m: Record<string, number>;
      try {
        m = interleave(dir, appVariants(runtime, dir, `main.${kind === "esm" ? "mjs" : "cjs"}`), rounds);
      } catch (err) {
        lines.push(`| ${kind} | ${runtime} | ${n} | — | — | failed: ${String((err as Error).message).split("\n")[0]} | — |`);
        continue;
      }
      const p = m.plain as number;
      const ratio = (name: string) => (m[name] === undefined ? "—" : ((m[name] as number) / p).toFixed(3));
      lines.push(
        `| ${kind === "esm" ? "ES modules" : "CommonJS"} | ${runtime} | ${n} | ${p.toFixed(1)} | ${(m.pixels as number).toFixed(1)} | **${ratio("pixels")}** | ${ratio("trusted")} |`,
      );
    }
  }
  return lines;
}

if (import.meta.main) {
  const runtimes = (process.env.BENCH_RUNTIMES?.split(",") as RuntimeName[] | undefined) ?? undefined;
  console.log(appRows(Number(process.argv[2] ?? 7), runtimes).join("\n"));
}
