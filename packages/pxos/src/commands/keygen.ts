import { createPublicKey } from "node:crypto";
import { existsSync } from "node:fs";
import { generateSigningKeys, keyFingerprint, PxosError, writeFileAtomic } from "@pxos/core";
import { defineCommand } from "../command.ts";
import { shown } from "./project.ts";
import { requireNoPositionals } from "./shared.ts";

export const keygen = defineCommand({
  name: "keygen",
  summary: "make an ed25519 key pair for signing pixels: KEY (private, mode 0600) and KEY.pub",
  usage: "pxos keygen --out KEY [--force]",
  help: `  --out KEY          private key file; the public key goes to KEY.pub
  --force            replace existing key files`,
  options: { out: { type: "string" }, force: { type: "boolean" } },
  run(values, positionals, io) {
    requireNoPositionals(positionals, "keygen");
    const out = values.out;
    if (typeof out !== "string") throw new PxosError("USAGE", "keygen needs --out KEY");
    for (const path of [out, `${out}.pub`]) {
      if (existsSync(path) && !values.force) throw new PxosError("IO", "already exists; nothing written, use --force to replace it", path);
    }
    const { privatePem, publicPem } = generateSigningKeys();
    writeFileAtomic(out, privatePem, { mode: 0o600 });
    writeFileAtomic(`${out}.pub`, publicPem);
    // Keys are never printed: only where they went and the public key's fingerprint.
    io.out(`wrote ${shown(out)} (private, mode 0600) and ${shown(out)}.pub; key ${keyFingerprint(createPublicKey(publicPem))}\n`);
    return 0;
  },
});
