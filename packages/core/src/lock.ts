import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { PxosError } from "./errors.ts";

/**
 * Run `work` holding a lock file, so two encodes of one project never
 * interleave. A lock whose process is gone (killed mid-encode) is taken over.
 *
 * @example
 * withLock("pixel_manifest.json.lock", () => encode())
 */
export function withLock<T>(path: string, work: () => T): T {
  mkdirSync(dirname(path), { recursive: true });
  acquire(path);
  try {
    return work();
  } finally {
    rmSync(path, { force: true });
  }
}

function acquire(path: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: "wx" });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw new PxosError("IO", `cannot create lock: ${(err as Error).message}`, path, { cause: err });
    }
    const holder = Number(readFileSafely(path));
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
      throw new PxosError(
        "LOCKED",
        `another pxos encode (pid ${holder}) is writing this project; wait for it, or remove the lock if that process is gone`,
        path,
      );
    }
    rmSync(path, { force: true });
  }
  throw new PxosError("LOCKED", "could not take the lock", path);
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
