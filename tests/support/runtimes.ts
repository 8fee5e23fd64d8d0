/** The runtimes the suite and the benchmarks drive, all installed by `npm ci` as devDependencies. */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

export const REPO = resolve(import.meta.dirname, "../..");
const bin = (...parts: string[]) => join(REPO, "node_modules", ...parts);

export const RUNTIME_BINARIES = {
  bun: bin("bun", "bin", "bun.exe"),
  deno: bin("deno", "deno"),
  node22: bin("node22", "bin", "node"),
  node24: bin("node24", "bin", "node"),
} as const;

export type RuntimeName = keyof typeof RUNTIME_BINARIES;

export function runtimeBinary(name: RuntimeName): string {
  const path = RUNTIME_BINARIES[name];
  if (!existsSync(path)) throw new Error(`${name} is not installed at ${path}: run npm ci`);
  return path;
}
