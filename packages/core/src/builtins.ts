/**
 * Node built-ins that only some paths need, fetched on first use rather than
 * imported: Bun spends ~19 ms loading `node:zlib` and ~17 ms `node:crypto`
 * (measured on a Bun preload), which a Bun process serving pixel modules never
 * needs, since its adapter verifies with Bun's own functions. Signing,
 * cartridges and the stripped-JavaScript cache fetch theirs when used.
 */
export const zlib = () => process.getBuiltinModule("node:zlib");
export const crypto = () => process.getBuiltinModule("node:crypto");
export const nodeModule = () => process.getBuiltinModule("node:module");
