import { PxosError, parseRelease, resolveOptions, SIGNATURE_SUFFIX, signManifest, signManifestRelease } from "@pxos/core";
import { defineCommand } from "../command.ts";
import { MANIFEST_HELP, MANIFEST_OPTION, shown } from "./project.ts";
import { requireNoPositionals } from "./shared.ts";

export const sign = defineCommand({
  name: "sign",
  summary: "sign the manifest (which pins every image's SHA-256), or a cartridge, with a private key",
  usage: "pxos sign --key KEY [--release N] [--manifest FILE | --cartridge FILE]",
  help: `  --key KEY          private key from pxos keygen
  --release N        the manifest's release (default: kept if unchanged since signed, else one more; never lower)
${MANIFEST_HELP}`,
  options: { ...MANIFEST_OPTION, key: { type: "string" }, release: { type: "string" } },
  run(values, positionals, io) {
    requireNoPositionals(positionals, "sign");
    if (typeof values.key !== "string") throw new PxosError("USAGE", "sign needs --key KEY");
    const release = typeof values.release === "string" ? parseRelease(values.release, "--release") : undefined;
    if (typeof values.cartridge === "string") {
      // The release is in the cartridge's pixels, so only packing can set it.
      if (release !== undefined) throw new PxosError("USAGE", "a cartridge's release is set when packing it: pxos pack --release N");
      const fingerprint = signManifest(values.cartridge, values.key);
      io.out(`signed ${shown(values.cartridge)} with key ${fingerprint} → ${shown(values.cartridge + SIGNATURE_SUFFIX)}\n`);
      return 0;
    }
    const { manifest } = resolveOptions({ manifest: values.manifest });
    const signed = signManifestRelease(manifest, values.key, release);
    io.out(`signed ${shown(manifest)} (release ${signed.release}) with key ${signed.fingerprint} → ${shown(manifest + SIGNATURE_SUFFIX)}\n`);
    return 0;
  },
});
