import { existsSync, readFileSync } from "node:fs";
import {
  type CartridgeCompression,
  type CartridgeHeader,
  isPxosError,
  PxosError,
  packCartridge,
  parseRelease,
  readCartridge,
  shownKeys,
  writeFileAtomic,
} from "@pxos/core";
import { defineCommand } from "../command.ts";
import { formatBytes } from "../io.ts";
import { shown } from "./project.ts";

export const pack = defineCommand({
  name: "pack",
  summary: "pack a whole app into one cartridge PNG: every module, one stream, one file to ship",
  usage:
    "pxos pack [ROOT] --out APP.pxc.png [--entry FILE] [--title T] [--compression none|brotli] [--release N] [--include GLOB]... [--exclude GLOB]... [--keep] [--prune] [--json]",
  help: `  --out FILE         the cartridge to write (required)
  --entry FILE       the module \`pxos run APP.pxc.png\` boots, relative to ROOT
  --title T          drawn in a label band at the top of the image
  --compression C    none (default: the code stays visible in the pixels) or brotli (smallest)
  --release N        the release a signed cartridge carries (default: the replaced cartridge's, one more if it changed)
  --include GLOB     pack only paths matching GLOB (repeatable)
  --exclude GLOB     skip paths matching GLOB (repeatable)
  --keep             pack the modules whose files are gone from their pixels (pixel_manifest.json's)
  --prune            leave them out
  --json             print what was packed as JSON`,
  options: {
    out: { type: "string" },
    entry: { type: "string" },
    title: { type: "string" },
    compression: { type: "string" },
    release: { type: "string" },
    include: { type: "string", multiple: true },
    exclude: { type: "string", multiple: true },
    keep: { type: "boolean" },
    prune: { type: "boolean" },
    json: { type: "boolean" },
  },
  run(values, positionals, io) {
    if (positionals.length > 1) throw new PxosError("USAGE", `pack takes one ROOT, got ${positionals.length}`);
    if (typeof values.out !== "string") throw new PxosError("USAGE", "pack needs --out APP.pxc.png");
    const compression = values.compression ?? "none";
    if (compression !== "none" && compression !== "brotli") throw new PxosError("USAGE", `--compression must be none or brotli, got ${compression}`);
    const { image, header, sourceBytes, fromPixels } = packCartridge({
      root: positionals[0] ?? ".",
      entry: values.entry,
      title: values.title,
      compression: compression as CartridgeCompression,
      release: typeof values.release === "string" ? parseRelease(values.release, "--release") : undefined,
      previous: previousHeader(values.out),
      include: values.include,
      exclude: values.exclude,
      keep: values.keep,
      prune: values.prune,
    });
    writeFileAtomic(values.out, image);
    const modules = Object.keys(header.modules).length;
    if (values.json) {
      io.out(
        `${JSON.stringify({ out: values.out, modules, sourceBytes, imageBytes: image.length, entry: header.entry, title: header.title, compression, fromPixels }, null, 2)}\n`,
      );
      return 0;
    }
    const ratio = sourceBytes ? (image.length / sourceBytes).toFixed(3) : "—";
    io.out(`packed ${modules} modules into ${shown(values.out)}: ${formatBytes(sourceBytes)} → ${formatBytes(image.length)} (${ratio}×, ${compression})\n`);
    if (fromPixels.length > 0) io.out(`  ${shownKeys(fromPixels)} from pixels: no file on disk\n`);
    if (header.entry) io.out(`  run it anywhere: pxos run ${shown(values.out)}\n`);
    return 0;
  },
});

/** The header of the cartridge about to be replaced: its release is the one to continue from. */
function previousHeader(path: string): CartridgeHeader | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return readCartridge(readFileSync(path), path).header;
  } catch (err) {
    if (isPxosError(err)) return undefined;
    throw err;
  }
}
