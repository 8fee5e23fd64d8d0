import { statSync } from "node:fs";
import { errnoReason, imageMagic, maxImageFileBytes, PxosError, readFileOrFail } from "@pxos/core";

/** `--width N` as a whole number of pixels, or undefined when not given. */
export function parseWidth(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 0x7fffffff) throw new PxosError("USAGE", `--width must be a whole number of pixels, got ${value}`);
  return n;
}

/** Exactly one positional FILE, read whole. */
export function readOneFile(positionals: string[], command: string): { path: string; bytes: Uint8Array } {
  const path = onePositional(positionals, command, "FILE");
  return { path, bytes: readImageFile(path, "no such file") };
}

/** An image file, read only when it is a regular file within the size an image can have, and only past its magic bytes. */
export function readImageFile(path: string, missing = "no such image"): Uint8Array {
  return readFileOrFail(path, missing, { maxBytes: maxImageFileBytes(), head: imageMagic(path) });
}

/** A file's size, or a PxosError naming it. */
export function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === "ENOENT";
    throw new PxosError(missing ? "NOT_FOUND" : "IO", missing ? "image missing" : `cannot look at it: ${errnoReason(cause)}`, path, { cause });
  }
}

export function requireNoPositionals(positionals: string[], command: string): void {
  if (positionals.length > 0) throw new PxosError("USAGE", `${command} takes no positional arguments, got ${positionals.join(" ")}`);
}

/** Exactly one positional argument, named in the error when it is missing. */
export function onePositional(positionals: string[], command: string, what: string): string {
  if (positionals.length !== 1) throw new PxosError("USAGE", `${command} takes one ${what}`);
  return positionals[0] as string;
}
