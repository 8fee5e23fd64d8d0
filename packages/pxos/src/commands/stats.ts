import { defineCommand } from "../command.ts";
import { printRows } from "../io.ts";
import { openProject, REPORT_OPTION, reportHelp, shown } from "./project.ts";
import { fileSize, requireNoPositionals } from "./shared.ts";

export const stats = defineCommand({
  name: "stats",
  summary: "the seed's stats: modules and bytes in the pixels, image bytes and the ratio",
  usage: "pxos stats [--manifest FILE | --cartridge FILE] [--json]",
  help: reportHelp("the stats"),
  options: REPORT_OPTION,
  run(values, positionals, io) {
    requireNoPositionals(positionals, "stats");
    const pixels = openProject(values);
    const { manifest } = pixels;
    const formats: Record<string, number> = {};
    let imageBytes = pixels.isCartridge ? fileSize(manifest.path) : 0;
    for (const key of manifest.keys()) {
      if (!pixels.isCartridge) imageBytes += fileSize(manifest.imagePath(key));
      const format = manifest.entry(key)?.format as string;
      formats[format] = (formats[format] ?? 0) + 1;
    }
    const data = {
      installed: true,
      totalModules: manifest.moduleCount,
      totalBytes: manifest.totalBytes,
      imageBytes,
      ratio: manifest.totalBytes ? imageBytes / manifest.totalBytes : 0,
      formats: pixels.isCartridge ? { cartridge: 1 } : formats,
      manifestPath: manifest.path,
    };
    if (values.json) {
      io.out(`${JSON.stringify(data, null, 2)}\n`);
      return 0;
    }
    const rows: [string, string][] = [
      ["installed", "yes: the manifest is valid and every image is present (pxos verify checks them)"],
      ["modules", String(data.totalModules)],
      ["source bytes", String(data.totalBytes)],
      ["image bytes", `${imageBytes} (${data.ratio.toFixed(3)}× the source)`],
      [
        "formats",
        Object.entries(formats)
          .map(([f, n]) => `${f} ${n}`)
          .join(", ") || "—",
      ],
      ["manifest", shown(manifest.path)],
    ];
    printRows(io, rows);
    return 0;
  },
});
