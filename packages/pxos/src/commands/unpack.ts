import { defineCommand } from "../command.ts";
import { writeTree } from "./extract.ts";
import { openProject } from "./project.ts";
import { onePositional } from "./shared.ts";

/** `pxos extract --cartridge APP.pxc.png` by another name: the word a cartridge's user reaches for after `pack`. */
export const unpack = defineCommand({
  name: "unpack",
  summary: "write a cartridge's modules back out as a source tree",
  usage: "pxos unpack APP.pxc.png --out DIR [--force]",
  help: `  --out DIR          where to write the tree (required)
  --force            overwrite files that already exist`,
  options: { out: { type: "string" }, force: { type: "boolean" } },
  run(values, positionals, io) {
    const cartridge = onePositional(positionals, "unpack", "APP.pxc.png");
    return writeTree("unpack", () => openProject({ cartridge }), values, io);
  },
});
