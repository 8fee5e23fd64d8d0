/**
 * Node built-ins that only some paths need, fetched on first use rather than
 * imported: loading `node:zlib` and `node:crypto` is slow on Bun (BENCHMARKS.md,
 * Measured once), and a Bun process serving pixel modules never needs them, since its adapter verifies with Bun's own functions. Signing,
 * cartridges and the stripped-JavaScript cache fetch theirs when used. Each is
 * kept once fetched: a `getBuiltinModule` call is not free beside a small
 * module's decode.
 */
const once = <T>(fetch: () => T): (() => T) => {
  let module: T | undefined;
  return () => (module ??= fetch());
};

export const zlib = once(() => process.getBuiltinModule("node:zlib"));
export const crypto = once(() => process.getBuiltinModule("node:crypto"));
export const nodeModule = once(() => process.getBuiltinModule("node:module"));
export const os = once(() => process.getBuiltinModule("node:os"));
/** Only `file:` specifiers need it, and an adapter's start-up should not pay for them. */
export const url = once(() => process.getBuiltinModule("node:url"));
