/**
 * Signed pixels. The manifest pins every image's SHA-256, so one ed25519
 * signature over the manifest's exact bytes covers every byte that can run.
 * The signature lives beside it in `pixel_manifest.json.sig`.
 */
import type { KeyObject } from "node:crypto";
import { crypto } from "../base/builtins.ts";
import { isPxosError, PxosError } from "../base/errors.ts";
import { SIGNATURE_SUFFIX } from "../base/names.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { errnoReason, readFileOrFail, readRegularFile } from "../io/read-file.ts";
import { checkedAhead } from "./preverify.ts";
import { type SignatureFile, SMALL_FILE_BYTES, signatureFileOf } from "./signature-file.ts";

/**
 * A new ed25519 key pair as PEM: the private key PKCS#8, the public key SPKI.
 *
 * @example
 * const { privatePem, publicPem } = generateSigningKeys();
 */
export function generateSigningKeys(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = crypto().generateKeyPairSync("ed25519");
  return { privatePem: privateKey.export({ type: "pkcs8", format: "pem" }) as string, publicPem: publicKey.export({ type: "spki", format: "pem" }) as string };
}

/** A short, stable name for a public key: the first 16 hex digits of SHA-256 over its SPKI DER. */
export function keyFingerprint(key: KeyObject): string {
  return crypto()
    .createHash("sha256")
    .update(key.export({ type: "spki", format: "der" }))
    .digest("hex")
    .slice(0, 16);
}

/** The fingerprint of a private key file's public half: whom its signatures name as signer. */
export function signingKeyFingerprint(privateKeyPath: string): string {
  return keyFingerprint(crypto().createPublicKey(loadKey(privateKeyPath, "private")));
}

function loadKey(path: string, kind: "private" | "public"): KeyObject {
  return parseKey(readKeyFile(path, kind), path, kind);
}

function readKeyFile(path: string, kind: "private" | "public"): Buffer {
  try {
    return readRegularFile(path, { maxBytes: SMALL_FILE_BYTES });
  } catch (cause) {
    if (isPxosError(cause)) throw cause;
    throw new PxosError("NOT_FOUND", `cannot read ${kind} key: ${(cause as Error).message}`, path, { cause });
  }
}

function parseKey(pem: Buffer, path: string, kind: "private" | "public"): KeyObject {
  try {
    const key = kind === "private" ? crypto().createPrivateKey(pem) : crypto().createPublicKey(pem);
    if (key.asymmetricKeyType !== "ed25519") throw new Error(`an ${key.asymmetricKeyType} key`);
    return key;
  } catch (cause) {
    throw new PxosError("BAD_SIGNATURE", `not an ed25519 ${kind} key (${(cause as Error).message})`, path, { cause });
  }
}

/**
 * Sign a manifest's bytes with a private key file; writes `<manifest>.sig` and returns the key's fingerprint.
 *
 * @example
 * signManifest("pixel_manifest.json", "pxos.key")
 */
export function signManifest(manifestPath: string, privateKeyPath: string): string {
  const privateKey = loadKey(privateKeyPath, "private");
  const publicKey = crypto().createPublicKey(privateKey);
  const file: SignatureFile = {
    version: 1,
    algorithm: "ed25519",
    publicKey: publicKey.export({ type: "spki", format: "der" }).toString("base64"),
    signature: crypto().sign(null, readFileOrFail(manifestPath, "manifest not found"), privateKey).toString("base64"),
  };
  writeFileAtomic(manifestPath + SIGNATURE_SUFFIX, `${JSON.stringify(file, null, 2)}\n`);
  return keyFingerprint(publicKey);
}

/**
 * Check `manifestBytes` against its signature file with the trusted public key.
 * Throws UNSIGNED when there is no signature, BAD_SIGNATURE when it is malformed,
 * from another key, or does not match the bytes. Returns the signer's fingerprint.
 */
export function verifyManifestSignature(manifestPath: string, manifestBytes: Uint8Array, trustedKeyPath: string): string {
  const keyFile = readKeyFile(trustedKeyPath, "public");
  const sigPath = manifestPath + SIGNATURE_SUFFIX;
  let sigFile: Buffer | undefined;
  let unreadable: unknown;
  try {
    sigFile = readRegularFile(sigPath, { maxBytes: SMALL_FILE_BYTES });
  } catch (cause) {
    unreadable = cause;
  }
  // These very bytes checked ahead with Web Crypto (preverify.ts): node:crypto is not loaded.
  const ahead = sigFile && checkedAhead(manifestPath, manifestBytes, keyFile, sigFile);
  if (ahead) return ahead;
  const trusted = parseKey(keyFile, trustedKeyPath, "public");
  if (!sigFile)
    throw new PxosError("UNSIGNED", `a trust key is set (${trustedKeyPath}) but the manifest has no signature; sign it with \`pxos sign\``, manifestPath, {
      cause: unreadable,
    });
  const file = parseSignatureFile(sigFile.toString("utf8"), sigPath);
  const signer = keyFingerprint(crypto().createPublicKey({ key: Buffer.from(file.publicKey, "base64"), format: "der", type: "spki" }));
  const expected = keyFingerprint(trusted);
  if (signer !== expected) throw new PxosError("BAD_SIGNATURE", `signed by key ${signer}, but the trusted key is ${expected}`, sigPath);
  if (!crypto().verify(null, manifestBytes, trusted, Buffer.from(file.signature, "base64"))) {
    throw new PxosError("BAD_SIGNATURE", "the signature does not match: this changed after signing", manifestPath);
  }
  return signer;
}

/**
 * Without a trusted key: who signed the manifest, and whether the signature
 * matches its bytes under the signer's own key. Undefined when unsigned.
 * This proves integrity, not trust: anyone can sign with a key of their own.
 */
export function readManifestSignature(manifestPath: string, manifestBytes: Uint8Array): { signer: string; valid: boolean } | undefined {
  const sigPath = manifestPath + SIGNATURE_SUFFIX;
  let text: string;
  try {
    text = readRegularFile(sigPath, { maxBytes: SMALL_FILE_BYTES }).toString("utf8");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    if (isPxosError(cause)) throw cause;
    throw new PxosError("IO", `cannot read the signature: ${errnoReason(cause)}`, sigPath, { cause });
  }
  const file = parseSignatureFile(text, sigPath);
  const key = crypto().createPublicKey({ key: Buffer.from(file.publicKey, "base64"), format: "der", type: "spki" });
  return { signer: keyFingerprint(key), valid: crypto().verify(null, manifestBytes, key, Buffer.from(file.signature, "base64")) };
}

function parseSignatureFile(text: string, path: string): SignatureFile {
  const file = signatureFileOf(text);
  try {
    if (file) {
      crypto().createPublicKey({ key: Buffer.from(file.publicKey, "base64"), format: "der", type: "spki" });
      return file;
    }
  } catch {}
  throw new PxosError("BAD_SIGNATURE", "not a pxos signature file", path);
}
