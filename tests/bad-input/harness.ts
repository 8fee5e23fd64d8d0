/** Running pxos and the adapters on bad input, bounded: a time limit that kills, a peak-memory reading, and tree snapshots. */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "../support/runtimes.ts";

export const BIN = join(REPO, "packages", "pxos", "bin", "pxos.mjs");
const TIME = "/usr/bin/time";

export interface Bounded {
  code: number | null;
  out: string;
  err: string;
  /** Peak resident memory of the process tree, in MiB; undefined where /usr/bin/time is missing. */
  peakMiB: number | undefined;
  timedOut: boolean;
}

/**
 * Run `argv` killed after `seconds` (SIGKILL, so a process blocked in a read dies too), measuring its
 * peak RSS with GNU time where there is one.
 */
export async function runBounded(argv: string[], opts: { cwd: string; env?: Record<string, string>; seconds?: number }): Promise<Bounded> {
  const seconds = opts.seconds ?? 20;
  const report = join(tmpdir(), `pxos-time-${process.pid}-${counter++}`);
  const killer = ["timeout", "-s", "KILL", String(seconds), ...argv];
  const command = HAS_TIME ? [TIME, "-f", "%M", "-o", report, ...killer] : killer;
  const child = spawn(command[0] as string, command.slice(1), {
    cwd: opts.cwd,
    env: { ...process.env, NO_COLOR: "1", PXOS_DEBUG: "", ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (c) => {
    out += c;
  });
  child.stderr.on("data", (c) => {
    err += c;
  });
  const code = await new Promise<number | null>((done) => child.on("close", (c) => done(c)));
  let peakMiB: number | undefined;
  if (HAS_TIME) {
    try {
      const kb = Number(readFileSync(report, "utf8").trim().split("\n").pop());
      if (Number.isFinite(kb)) peakMiB = kb / 1024;
    } catch {}
    rmSync(report, { force: true });
  }
  // GNU time reports a killed child on stderr: keep only what the program itself said.
  err = err.replace(/^Command (terminated by signal|exited with non-zero status).*\n/m, "");
  return { code, out, err, peakMiB, timedOut: code === 137 || code === 124 };
}

let counter = 0;
const HAS_TIME = (() => {
  try {
    return lstatSync(TIME).isFile();
  } catch {
    return false;
  }
})();

/** Every entry under `dir` with its kind and, for regular files, a hash of its content: never opens anything else (a FIFO would block). */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (abs: string, rel: string) => {
    for (const name of readdirSync(abs).sort()) {
      const path = join(abs, name);
      const key = rel ? `${rel}/${name}` : name;
      const stats = lstatSync(path);
      if (stats.isDirectory()) {
        out[`${key}/`] = "dir";
        visit(path, key);
      } else if (stats.isFile())
        // A large file (the sparse junk) is known by size and time: hashing it would cost seconds.
        out[key] = stats.size > 1 << 24 ? `${stats.size} ${stats.mtimeMs}` : createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 16);
      else out[key] = stats.isFIFO() ? "fifo" : stats.isSymbolicLink() ? "symlink" : "other";
    }
  };
  visit(dir, "");
  return out;
}
