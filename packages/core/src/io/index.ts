/** Files in and out: bounded reads of regular files only, atomic writes, who else can write a path, and the codec platform on Node's zlib and crypto. */
export { writeFileAtomic } from "./atomic.ts";
export { nodePlatform } from "./platform-node.ts";
export { assertPrivate, exposure } from "./private-paths.ts";
export { errnoReason, imageMagic, MAX_INPUT_BYTES, maxImageFileBytes, readFileOrFail, readRegularFile } from "./read-file.ts";
