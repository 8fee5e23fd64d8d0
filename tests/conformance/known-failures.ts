/**
 * What a runtime cannot do, fixture by fixture, with the reason. The suite
 * skips these (they are reported as skipped, never as passed); the goal is
 * an empty list.
 */
export const KNOWN_FAILURES: Record<string, Record<string, string>> = {
  bun: {
    "extensionless-deleted":
      "Bun resolves extensionless specifiers itself and never asks a runtime plugin (oven-sh/bun#12261; fix open in oven-sh/bun#40398), so a module whose file is gone cannot be found; with the file present the pixels still win",
    commonjs:
      "Bun's runtime onLoad turns CommonJS contents into an ES module, so module.exports is lost (oven-sh/bun#39786, #27799); Bun has no hook to return CommonJS source",
  },
};
