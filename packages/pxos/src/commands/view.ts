import { PxosError, resolveOptions } from "@pxos/core";
import { defineCommand } from "../command.ts";
import { startViewServer } from "../view/server.ts";
import { requireNoPositionals } from "./shared.ts";

export const view = defineCommand({
  name: "view",
  summary: "see and edit the code as pixels in a local web page (loopback only)",
  usage: "pxos view [--manifest FILE | --cartridge FILE] [--port N]",
  help: `  --manifest FILE    manifest path (default $PXOS_MANIFEST, else ./pixel_manifest.json)
  --cartridge FILE   view a cartridge instead, read-only (default $PXOS_CARTRIDGE)
  --port N           port on 127.0.0.1 (default: any free one)`,
  options: { manifest: { type: "string" }, cartridge: { type: "string" }, port: { type: "string" } },
  async run(values, positionals, io) {
    requireNoPositionals(positionals, "view");
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new PxosError("USAGE", `--port must be a port number, got ${values.port}`);
    const { manifest, cartridge } = resolveOptions({ manifest: values.manifest, cartridge: values.cartridge });
    const server = await startViewServer({ manifest, cartridge, port });
    io.out(`${server.url}\n`);
    io.err("pxos view: serving on loopback only; Ctrl-C to stop\n");
    await new Promise<void>((stop) => {
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await server.close();
    return 0;
  },
});
