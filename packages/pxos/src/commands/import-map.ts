import { relative } from "node:path";
import { resolveOptions, writeFileAtomic } from "@pxos/core";
import { generateImportMap } from "@pxos/deno-loader";
import { defineCommand } from "../command.ts";
import { requireNoPositionals } from "./shared.ts";

export const importMap = defineCommand({
  name: "import-map",
  summary: "write the Deno import map that serves every module from its verified pixels",
  usage: "pxos import-map [--manifest FILE | --cartridge FILE] [--out FILE] [--json]",
  help: `  --manifest FILE    manifest path (default $PXOS_MANIFEST, else ./pixel_manifest.json)
  --cartridge FILE   map a cartridge's modules instead (default $PXOS_CARTRIDGE)
  --out FILE         import map path (default pxos.importmap.json next to the manifest)
  --json             print what was written as JSON`,
  options: { manifest: { type: "string" }, cartridge: { type: "string" }, out: { type: "string" }, json: { type: "boolean" } },
  run(values, positionals, io) {
    requireNoPositionals(positionals, "import-map");
    const { map, path, modules } = generateImportMap({
      manifest: values.manifest,
      cartridge: values.cartridge,
      out: values.out,
    });
    writeFileAtomic(path, `${JSON.stringify(map, null, 2)}\n`);
    if (values.json) io.out(`${JSON.stringify({ path, modules, manifest: map.pxos.manifest, manifestSha256: map.pxos.manifestSha256 }, null, 2)}\n`);
    // The summary goes to stderr: stdout stays clean for whatever runs next.
    // Under a trust key the guard must run before the entry: an entry whose mirrored file lost its import of the guard would otherwise run unchecked.
    const preload = resolveOptions().trust ? "--preload=pxos:guard " : "";
    if (!values.json)
      io.err(
        `pxos: wrote ${relative(process.cwd(), path)} (${modules} modules); run: deno run ${preload}--import-map=${relative(process.cwd(), path)} ENTRY\n`,
      );
    return 0;
  },
});
