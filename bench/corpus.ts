/** Inputs shared by the benchmarks: deterministic TypeScript-like text of a given size, and real module corpora. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { listModules } from "../packages/core/src/project/index.ts";

export const REPO = join(import.meta.dirname, "..");

/** Realistic erasable TypeScript, repeated with varying names until `size` bytes. */
export function syntheticSource(size: number): Uint8Array {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const chunk = `export interface Record${i} {\n  id: number;\n  name: string;\n  tags: readonly string[];\n}\n\nexport function make${i}(id: number, name = "item-${i}"): Record${i} {\n  const tags = [name.toUpperCase(), String(id * ${i + 7})] as const;\n  return { id, name, tags };\n}\n\n`;
    parts.push(chunk);
    length += chunk.length;
  }
  return new TextEncoder().encode(parts.join("").slice(0, size));
}

export interface CorpusFile {
  path: string;
  bytes: Uint8Array;
}

/** What pxos or the tools generate in this repository: never part of a corpus of its modules. */
export const GENERATED = [
  ".deno/**",
  ".test-results/**",
  "tests/.work/**",
  "bench/.work/**",
  "**/pixel_src_storage/**",
  "**/pixel_manifest.json",
  "package-lock.json",
  "packages/*/dist/**",
];

/** This repository's own modules, optionally without the conformance fixtures (a hundred-odd files of a few lines). */
export function repoCorpus(opts: { fixtures: boolean }): CorpusFile[] {
  const exclude = opts.fixtures ? GENERATED : [...GENERATED, "tests/conformance/fixtures/**"];
  return listModules(REPO, { exclude }).map((path) => ({ path, bytes: readFileSync(join(REPO, path)) }));
}

/** A larger body of real TypeScript: the declaration files bun-types ships. */
export function bunTypesCorpus(): CorpusFile[] {
  const dir = join(REPO, "node_modules", "bun-types");
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((p) => p.endsWith(".d.ts"))
    .sort()
    .map((path) => ({ path, bytes: readFileSync(join(dir, path)) }));
}
