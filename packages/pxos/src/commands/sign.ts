import { defaultManifestPath, PxosError, SIGNATURE_SUFFIX, signManifest } from "@pxos/core";
import type { Command } from "../command.ts";
import { MANIFEST_HELP, MANIFEST_OPTION, shown } from "./project.ts";
import { requireNoPositionals } from "./shared.ts";

export const sign: Command = {
  name: "sign",
  summary: "sign the manifest (which pins every image's SHA-256), or a cartridge, with a private key",
  usage: "pxos sign --key KEY [--manifest FILE | --cartridge FILE]",
  help: `  --key KEY          private key from pxos keygen\n${MANIFEST_HELP}`,
  options: { ...MANIFEST_OPTION, key: { type: "string" } },
  run(values, positionals, io) {
    requireNoPositionals(positionals, "sign");
    if (typeof values.key !== "string") throw new PxosError("USAGE", "sign needs --key KEY");
    const manifest = (values.cartridge as string | undefined) ?? (values.manifest as string | undefined) ?? defaultManifestPath();
    const fingerprint = signManifest(manifest, values.key);
    io.out(`signed ${shown(manifest)} with key ${fingerprint} → ${shown(manifest + SIGNATURE_SUFFIX)}\n`);
    return 0;
  },
};
