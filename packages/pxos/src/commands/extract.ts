import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { type PixelModules, PxosError, writeFileAtomic } from "@pxos/core";
import { defineCommand } from "../command.ts";
import { type Io, progressBar } from "../io.ts";
import { MANIFEST_HELP, MANIFEST_OPTION, openProject, shown } from "./project.ts";
import { requireNoPositionals } from "./shared.ts";

export const extract = defineCommand({
  name: "extract",
  summary: "write the pixels back out as a source tree (the sources are views of the pixels)",
  usage: "pxos extract --out DIR [--force] [--manifest FILE | --cartridge FILE] [--json]",
  help: `  --out DIR          where to write the tree (required)
  --force            overwrite files that already exist
${MANIFEST_HELP}
  --json             print what was written as JSON`,
  options: { ...MANIFEST_OPTION, out: { type: "string" }, force: { type: "boolean" }, json: { type: "boolean" } },
  run(values, positionals, io) {
    requireNoPositionals(positionals, "extract");
    return writeTree("extract", () => openProject(values), values, io);
  },
});

/** The pixels written out as a source tree: `extract`, and `unpack` of a cartridge. Every module decodes before anything is written. */
export function writeTree(command: string, open: () => PixelModules, values: { out?: string; force?: boolean; json?: boolean }, io: Io): number {
  if (values.out === undefined) throw new PxosError("USAGE", `${command} needs --out DIR`);
  const out = resolve(values.out);
  const pixels = open();
  const keys = pixels.manifest.keys();
  const existing = keys.filter((key) => existsSync(join(out, key)));
  if (existing.length && !values.force) {
    const names = existing.slice(0, 10).join(", ") + (existing.length > 10 ? `, … ${existing.length - 10} more` : "");
    throw new PxosError("IO", `${existing.length} files already exist (${names}); nothing written, use --force to overwrite`, out);
  }
  // Decode everything first: one damaged image must not leave half a tree behind.
  const files = keys.map((key) => ({ key, bytes: pixels.read(pixels.manifest.modulePath(key)).bytes }));
  const bar = progressBar(io, "extracting");
  files.forEach(({ key, bytes }, i) => {
    writeFileAtomic(join(out, key), bytes);
    bar.update(i + 1, files.length);
  });
  bar.end();
  const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
  if (values.json) io.out(`${JSON.stringify({ out, modules: files.map((f) => f.key), bytes }, null, 2)}\n`);
  else io.out(`extracted ${files.length} modules (${bytes} bytes) to ${shown(out)}\n`);
  return 0;
}
