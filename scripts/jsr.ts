/**
 * The packages a Deno user installs from JSR (each has a deno.json beside its package.json), and
 * `deno publish --dry-run` of the workspace: the slow-type check and the files each would upload,
 * without the network. Used by `npm run lint` (scripts/lint-packages.ts) and the Deno consumer test.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(import.meta.dirname, "..");

/** Package folder → its JSR name (the CLI is `pxos` on npm; JSR names are always scoped). */
export const JSR_PACKAGES: Record<string, string> = { core: "@pxos/core", "deno-loader": "@pxos/deno-loader", pxos: "@pxos/cli" };

export interface DryRun {
  ok: boolean;
  output: string;
  /** JSR name → the absolute paths of the files it would publish. */
  files: Record<string, string[]>;
}

export function publishDryRun(denoDir: string): DryRun {
  const r = spawnSync(join(root, "node_modules", "deno", "deno"), ["publish", "--dry-run", "--allow-dirty"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DENO_DIR: denoDir, NO_COLOR: "1" },
  });
  const output = `${r.stdout}${r.stderr}`;
  const files: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const line of output.split("\n")) {
    const publishing = /^Simulating publish of (@[^@\s]+)@\S+ with files:$/.exec(line);
    if (publishing) files[publishing[1] as string] = current = [];
    else if (current && /^\s+file:\/\//.test(line)) current.push(fileURLToPath(line.trim().replace(/ \([^)]*\)$/, "")));
    else current = undefined;
  }
  return { ok: r.status === 0, output, files };
}
