/** Start `pxos view` as a user would, and read the URL it prints. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeProject } from "@pxos/core";
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
