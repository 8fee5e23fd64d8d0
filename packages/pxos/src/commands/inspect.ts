import { readImageInfo } from "@pxos/core";
import { defineCommand } from "../command.ts";
import { dim, printRows } from "../io.ts";
import { moduleKey, openProject, REPORT_OPTION, reportHelp, shown } from "./project.ts";
import { onePositional, readImageFile } from "./shared.ts";

const HEAD_BYTES = 64;
const HEAD_LINES = 30;

export const inspect = defineCommand({
  name: "inspect",
  summary: "show one module as it lives in the pixels: image, checksum, first bytes and lines",
  usage: "pxos inspect MODULE [--manifest FILE | --cartridge FILE] [--json]",
  help: reportHelp("the details"),
  options: REPORT_OPTION,
  run(values, positionals, io) {
    const name = onePositional(positionals, "inspect", "MODULE");
    const pixels = openProject(values);
    const key = moduleKey(pixels, name);
    const path = pixels.manifest.modulePath(key);
    const mod = pixels.read(path);
    const info = readImageInfo(readImageFile(mod.image), { file: mod.image });
    const text = new TextDecoder().decode(mod.bytes);
    const lines = text.split("\n");
    if (text.endsWith("\n")) lines.pop();
    const head = Buffer.from(mod.bytes.subarray(0, HEAD_BYTES)).toString("hex");
    const details = {
      module: key,
      image: mod.image,
      original: path,
      size: mod.bytes.length,
      width: info.width,
      height: info.height,
      format: info.format,
      sha256: info.sha256,
      loader: mod.loader,
      firstBytesHex: head,
      lines: lines.length,
    };
    if (values.json) {
      io.out(`${JSON.stringify({ ...details, firstLines: lines.slice(0, HEAD_LINES) }, null, 2)}\n`);
      return 0;
    }
    const rows: [string, string][] = [
      ["module", key],
      ["image", shown(mod.image)],
      ["original", shown(path)],
      ["size", `${details.size} bytes, ${details.lines} lines`],
      ["pixels", `${info.width}×${info.height} (${info.format})`],
      ["sha256", info.sha256],
      ["loader", mod.loader],
      [`first ${Math.min(HEAD_BYTES, mod.bytes.length)} bytes`, head.replace(/(.{32})/g, "$1 ").trim()],
    ];
    printRows(io, rows);
    io.out(`\n${dim(io, `first ${Math.min(HEAD_LINES, lines.length)} of ${lines.length} lines`)}\n`);
    const width = String(Math.min(HEAD_LINES, lines.length)).length;
    for (const [i, line] of lines.slice(0, HEAD_LINES).entries()) io.out(`${dim(io, `${String(i + 1).padStart(width)} │`)} ${line}\n`);
    return 0;
  },
});
