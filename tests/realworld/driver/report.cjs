// What a real-world driver prints, copied into every case's project as report.cjs (CommonJS: every
// driver, ES module, CommonJS or TypeScript, can load it on every runtime).

/** A labelled value, as JSON. */
const show = (label, value) => console.log(`${label}: ${JSON.stringify(value)}`);

/**
 * The first stack frame whose file path contains `needle`, as `file:line`: pixels add `?pxos` to the path, Deno names a
 * TypeScript module's frame by its derived JavaScript (`main.ts.mjs`, docs/adapters.md), and columns may shift.
 */
const frame = (error, needle) => {
  // Frames only: a message's own lines (MODULE_NOT_FOUND's require stack) name files too.
  const line = error.stack?.split("\n").find((l) => l.trimStart().startsWith("at ") && l.includes(needle));
  const match = line?.match(/([^/\\( ]+?\.[cm]?[jt]sx?)(?:\.mjs)?(?:\?pxos)?:(\d+):\d+\)?$/);
  return match ? `${match[1]}:${match[2]}` : line;
};

module.exports = { show, frame };
