import { defineCommand } from "../command.ts";
import { bold, dim, formatBytes } from "../io.ts";
import { openProject, REPORT_OPTION, reportHelp, shown } from "./project.ts";
import { fileSize, requireNoPositionals } from "./shared.ts";

export const list = defineCommand({
  name: "list",
  summary: "list every module in the pixels with its size and image",
  usage: "pxos list [--manifest FILE | --cartridge FILE] [--json]",
  help: reportHelp("the list"),
  options: REPORT_OPTION,
  run(values, positionals, io) {
    requireNoPositionals(positionals, "list");
    const pixels = openProject(values);
    const { manifest } = pixels;
    // A cartridge is one image for all modules: its size counts once, in the totals.
    const rows = manifest.keys().map((key) => {
      const entry = manifest.entry(key) as NonNullable<ReturnType<typeof manifest.entry>>;
      const image = manifest.imagePath(key);
      return { module: key, size: entry.size, format: entry.format, image, imageSize: pixels.isCartridge ? 0 : fileSize(image) };
    });
    const imageSize = pixels.isCartridge ? fileSize(manifest.path) : rows.reduce((n, r) => n + r.imageSize, 0);
    const totals = { modules: rows.length, size: rows.reduce((n, r) => n + r.size, 0), imageSize };
    if (values.json) {
      io.out(`${JSON.stringify({ manifest: manifest.path, modules: rows, totals }, null, 2)}\n`);
      return 0;
    }
    const width = Math.max(6, ...rows.map((r) => r.module.length));
    io.out(`${bold(io, `${"module".padEnd(width)}  ${"size".padStart(9)}  ${"image".padStart(9)}  file`)}\n`);
    for (const r of rows)
      io.out(`${r.module.padEnd(width)}  ${formatBytes(r.size).padStart(9)}  ${formatBytes(r.imageSize).padStart(9)}  ${dim(io, shown(r.image))}\n`);
    io.out(
      `${bold(io, `${`${totals.modules} modules`.padEnd(width)}  ${formatBytes(totals.size).padStart(9)}  ${formatBytes(totals.imageSize).padStart(9)}`)}\n`,
    );
    return 0;
  },
});
