/**
 * A manifest's signature checked ahead, with Web Crypto: an adapter whose runtime loads
 * `node:crypto` slowly (Bun: BENCHMARKS.md, Measured once) checks it here, asynchronously, before
 * it opens the pixels; the synchronous check in signature.ts then finds these very bytes checked
 * (the manifest, the trusted key file and the signature file, byte for byte) and does not load
 * `node:crypto`. Only a signature that verifies is remembered: anything else — another key, a
 * damaged file, a Web Crypto without Ed25519 — is left to the synchronous check, which reports it.
 *
 * @example
 * if (options.trust) await preverifyManifestSignature(options.manifest, options.trust);
 * PixelModules.open(options, platform); // verifies the signature without node:crypto
 */
import { resolve } from "node:path";
import { SIGNATURE_SUFFIX } from "../base/names.ts";
import { bytesEqual, toHex } from "../codec/bytes.ts";
import { sha256 } from "../codec/sha256.ts";
import { readRegularFile } from "../io/read-file.ts";
import { SMALL_FILE_BYTES, signatureFileOf } from "./signature-file.ts";

interface Checked {
  manifest: Uint8Array;
  key: Uint8Array;
  signature: Uint8Array;
  signer: string;
}

/** By the manifest's absolute path. */
const checked = new Map<string, Checked>();

const PUBLIC_PEM = /^-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\s]+)-----END PUBLIC KEY-----\s*$/;

/** Checks the manifest's signature with the trusted key, ahead and asynchronously; remembers it only when it verifies. */
export async function preverifyManifestSignature(manifestPath: string, trustedKeyPath: string): Promise<void> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return;
  try {
    const key = readRegularFile(trustedKeyPath, { maxBytes: SMALL_FILE_BYTES });
    const signature = readRegularFile(manifestPath + SIGNATURE_SUFFIX, { maxBytes: SMALL_FILE_BYTES });
    const manifest = readRegularFile(manifestPath);
    const pem = PUBLIC_PEM.exec(key.toString("latin1").trim());
    const file = signatureFileOf(signature.toString("utf8"));
    if (!pem || !file) return;
    const der = Buffer.from((pem[1] as string).replace(/\s/g, ""), "base64");
    // The signer named in the file is the trusted key itself; another key is the synchronous check's to report.
    if (!der.equals(Buffer.from(file.publicKey, "base64"))) return;
    const publicKey = await subtle.importKey("spki", der, { name: "Ed25519" }, false, ["verify"]);
    // A file read whole is a Buffer of its own ArrayBuffer, as Web Crypto wants.
    if (!(await subtle.verify("Ed25519", publicKey, Buffer.from(file.signature, "base64"), manifest as Uint8Array<ArrayBuffer>))) return;
    checked.set(resolve(manifestPath), { manifest, key, signature, signer: toHex(sha256(der)).slice(0, 16) });
  } catch {}
}

/** The signer's fingerprint when these exact bytes were checked ahead; undefined otherwise. */
export function checkedAhead(manifestPath: string, manifest: Uint8Array, key: Uint8Array, signature: Uint8Array): string | undefined {
  const found = checked.get(resolve(manifestPath));
  return found && bytesEqual(found.manifest, manifest) && bytesEqual(found.key, key) && bytesEqual(found.signature, signature) ? found.signer : undefined;
}
