import { decodeImage, writeFileAtomic } from "@pxos/core";
import type { Command } from "../command.ts";
import { readOneFile } from "./shared.ts";

export const decode: Command = {
  name: "decode",
  summary: "write the verified bytes an image holds (stdout by default)",
  usage: "pxos decode FILE.pxi [--out FILE]",
  help: "  --out FILE         write the bytes to FILE (atomically) instead of stdout",
  options: { out: { type: "string" } },
  run(values, positionals, io) {
    const { path, bytes } = readOneFile(positionals, "decode");
    const decoded = decodeImage(bytes, { file: path });
    if (values.out) writeFileAtomic(values.out as string, decoded.bytes);
    else io.writeBytes(decoded.bytes);
    return 0;
  },
};
