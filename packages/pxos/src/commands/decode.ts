import { decodeImage, writeFileAtomic } from "@pxos/core";
import { defineCommand } from "../command.ts";
import { readOneFile } from "./shared.ts";

export const decode = defineCommand({
  name: "decode",
  summary: "write the verified bytes an image holds (stdout by default)",
  usage: "pxos decode FILE.pxi [--out FILE]",
  help: "  --out FILE         write the bytes to FILE (atomically) instead of stdout",
  options: { out: { type: "string" } },
  run(values, positionals, io) {
    const { path, bytes } = readOneFile(positionals, "decode");
    const decoded = decodeImage(bytes, { file: path });
    if (values.out) writeFileAtomic(values.out, decoded.bytes);
    else io.writeBytes(decoded.bytes);
    return 0;
  },
});
