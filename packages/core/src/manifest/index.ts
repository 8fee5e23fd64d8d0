/** The manifest that names every module's image and checksum, its ed25519 signature, and the release number that keeps an older signed one from being replayed. */
export { isContainedPath, MANIFEST_VERSION, Manifest, type ManifestData, type ManifestEntry, parseManifest, serializeManifest } from "./manifest.ts";
export { readModuleImage } from "./module-image.ts";
export { preverifyManifestSignature } from "./preverify.ts";
export { checkRelease, isRelease, parseRelease } from "./release.ts";
export { signManifestRelease } from "./sign-release.ts";
export { generateSigningKeys, keyFingerprint, readManifestSignature, signingKeyFingerprint, signManifest, verifyManifestSignature } from "./signature.ts";
