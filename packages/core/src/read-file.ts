import { readFileSync } from "node:fs";
import { PxosError } from "./errors.ts";

/**
 * Read a whole file, turning the runtime's error into a PxosError: NOT_FOUND
 * with `missing` as the reason when there is no such file, IO otherwise.
 *
 * @example
 * const bytes = readFileOrFail("app.pxc.png", "no such cartridge");
 */
export function readFileOrFail(path: string, missing: string, opts: { flag?: number } = {}): Buffer {
  try {
    return readFileSync(path, opts.flag === undefined ? undefined : { flag: opts.flag });
  } catch (cause) {
    const notFound = (cause as NodeJS.ErrnoException).code === "ENOENT";
    throw new PxosError(notFound ? "NOT_FOUND" : "IO", notFound ? missing : (cause as Error).message, path, { cause });
  }
}
