/**
 * `node --import @pxos/node-hook/register app.ts` — bundled to plain
 * JavaScript (scripts/build.ts), so even a Node too old for pxos gets this
 * far and says, in one line, what it needs.
 */
import { isPxosError, reportUncaughtPxosErrors } from "@pxos/core/runtime";
import { register } from "./index.ts";

reportUncaughtPxosErrors();
try {
  register();
} catch (err) {
  if (!isPxosError(err)) throw err;
  console.error(`pxos: ${err.message}`);
  process.exit(1);
}
