/**
 * `pixel_manifest.json.sig`: what it holds and how big it may be, read by the synchronous check
 * (signature.ts, node:crypto) and the one ahead (preverify.ts, Web Crypto) alike.
 *
 * @example
 * const file = signatureFileOf(readRegularFile(sigPath, { maxBytes: SMALL_FILE_BYTES }).toString("utf8")); // undefined: not one
 */
export interface SignatureFile {
  version: 1;
  algorithm: "ed25519";
  /** The signer's public key (SPKI DER, base64), so a signature names its key. */
  publicKey: string;
  signature: string;
}

/** Keys and signature files are a few hundred bytes: anything far larger is not one. */
export const SMALL_FILE_BYTES = 1024 * 1024;

/** The file's fields, when it is JSON of a pxos signature file's shape; undefined otherwise. */
export function signatureFileOf(text: string): SignatureFile | undefined {
  let file: Partial<SignatureFile> | null;
  try {
    file = JSON.parse(text);
  } catch {
    return undefined;
  }
  return file?.version === 1 && file.algorithm === "ed25519" && typeof file.publicKey === "string" && typeof file.signature === "string"
    ? (file as SignatureFile)
    : undefined;
}
