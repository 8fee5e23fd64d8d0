import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { PxosError } from "../base/errors.ts";

/**
 * A held lock, which doubles as the journal of what its holder is about to write: a run killed
 * before it could name its files in a manifest leaves them listed here, and the run that takes the
 * lock over inherits the list, so it can clean up exactly what pxos wrote and nothing else.
 */
export interface Lock {
  /** Paths killed holders recorded, still in this holder's journal until it finishes. */
  readonly inherited: readonly { path: string; pid: number }[];
  /** Record a path before writing it. */
  record(path: string): void;
}

/**
 * Run `work` holding a lock file, so two encodes of one project never
 * interleave. A lock whose process is gone (killed mid-encode) is taken over.
 *
 * @example
 * withLock("pixel_manifest.json.lock", (lock) => encode(lock))
 */
export function withLock<T>(path: string, work: (lock: Lock) => T): T {
  mkdirSync(dirname(path), { recursive: true });
  const inherited = acquire(path);
  try {
    return work({ inherited, record: (p) => appendFileSync(path, `${JSON.stringify({ path: p, pid: process.pid })}\n`) });
  } finally {
    rmSync(path, { force: true });
  }
}

function acquire(path: string): { path: string; pid: number }[] {
  try {
    writeFileSync(path, `${process.pid}\n`, { flag: "wx" });
    return [];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw new PxosError("IO", `cannot create lock: ${(err as Error).message}`, path, { cause: err });
  }
  const [first = "", ...journal] = readFileSafely(path).split("\n");
  const holder = Number(first);
  if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
    throw new PxosError("LOCKED", `another pxos encode (pid ${holder}) is writing this project; wait for it, or remove the lock if that process is gone`, path);
  }
  // Taken over by one rename, the dead holder's journal carried over: at no moment is the lock without it.
  const temp = `${path}.${process.pid}.take`;
  try {
    writeFileSync(temp, `${process.pid}\n${journal.join("\n")}`);
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw new PxosError("IO", `cannot take over the lock: ${(err as Error).message}`, path, { cause: err });
  }
  return journal.flatMap(parseEntry);
}

function parseEntry(line: string): { path: string; pid: number }[] {
  try {
    const e = JSON.parse(line);
    return typeof e?.path === "string" && Number.isInteger(e.pid) ? [{ path: e.path, pid: e.pid }] : [];
  } catch {
    return [];
  }
}

function readFileSafely(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
