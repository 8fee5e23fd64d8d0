import { readImageInfo } from "@pxos/core";
import { defineCommand } from "../command.ts";
import { printRows } from "../io.ts";
import { readOneFile } from "./shared.ts";

export const info = defineCommand({
  name: "info",
  summary: "show an image's format, dimensions, size, checksum and stored path",
  usage: "pxos info FILE.pxi [--json]",
  help: "  --json             print the info as JSON",
  options: { json: { type: "boolean" } },
  run(values, positionals, io) {
    const { path, bytes } = readOneFile(positionals, "info");
    const i = readImageInfo(bytes, { file: path });
    if (values.json) {
      io.out(`${JSON.stringify({ file: path, ...i, fileSize: bytes.length }, null, 2)}\n`);
      return 0;
    }
    const rows: [string, string][] = [
      ["file", path],
      ["format", `${i.format} (version ${i.version})`],
      ["pixels", `${i.width}×${i.height}`],
      ["size", `${i.size} bytes (image ${bytes.length} bytes)`],
      ["sha256", i.sha256],
    ];
    if (i.loader) rows.push(["loader", i.loader]);
    if (i.path) rows.push(["path", i.path]);
    printRows(io, rows);
    return 0;
  },
});
