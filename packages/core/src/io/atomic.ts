import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { PxosError } from "../base/errors.ts";
import { TEMP_SUFFIX } from "../base/names.ts";

let counter = 0;

/**
 * Write a file so readers see the old content or the new, never a mix:
 * write a sibling temp file, then rename it over the target.
 *
 * @example
 * writeFileAtomic("out/a.ts.pxi", bytes)
 */
export function writeFileAtomic(path: string, data: Uint8Array | string, opts: { mode?: number } = {}): void {
  const temp = `${path}.${process.pid}.${counter++}${TEMP_SUFFIX}`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    // The mode applies from creation: a private key is never readable by others, not even as a temp file.
    writeFileSync(temp, data, { mode: opts.mode ?? 0o644 });
    renameSync(temp, path);
  } catch (cause) {
    removeQuietly(temp);
    throw new PxosError("IO", `cannot write: ${(cause as Error).message}`, path, { cause });
  }
}

/** Best-effort cleanup on a failure path: the first error is the one to report (Bun even fails `force` removal under a non-directory with EFAULT). */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {}
}
