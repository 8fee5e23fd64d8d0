import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { PixelModules, PxosError, resolveOptions, writeFileAtomic } from "@pxos/core";
import type { Command } from "../command.ts";
import { shown } from "./project.ts";
import { onePositional } from "./shared.ts";

export const unpack: Command = {
  name: "unpack",
  summary: "write a cartridge's modules back out as a source tree",
  usage: "pxos unpack APP.pxc.png --out DIR [--force]",
  help: `  --out DIR          where to write the tree (required)
  --force            overwrite files that already exist`,
  options: { out: { type: "string" }, force: { type: "boolean" } },
  run(values, positionals, io) {
    const cartridge = onePositional(positionals, "unpack", "APP.pxc.png");
    if (typeof values.out !== "string") throw new PxosError("USAGE", "unpack needs --out DIR");
    const out = resolve(values.out);
    const pixels = PixelModules.openCartridge(cartridge, resolveOptions());
    const keys = pixels.manifest.keys();
    const existing = keys.filter((key) => existsSync(join(out, key)));
    if (existing.length && !values.force)
      throw new PxosError("IO", `${existing.length} files already exist (${existing.slice(0, 5).join(", ")}); nothing written, use --force to overwrite`, out);
    for (const key of keys) writeFileAtomic(join(out, key), pixels.read(pixels.manifest.modulePath(key)).bytes);
    io.out(`unpacked ${keys.length} modules to ${shown(out)}\n`);
    return 0;
  },
};
