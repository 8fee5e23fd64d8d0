/** Start `pxos view` as a user would, and read the URL it prints. */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
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
