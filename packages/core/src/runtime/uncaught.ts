/**
 * A damaged module imported at run time fails inside the runtime's loader, and the runtime would
 * print that PxosError with the adapter's internal stack. Adapters install this at start-up so it
 * reads as every other pxos failure: `pxos: FILE: what went wrong [CODE]`, exit 1 (the stack with
 * PXOS_DEBUG=1). It only watches (`uncaughtExceptionMonitor`): any other error, and any error an
 * app handles itself, is left exactly as the runtime reports it.
 */
import { isPxosError } from "../base/errors.ts";
import { isDebug } from "./options.ts";

let installed = false;

/** Idempotent: one monitor however many adapters a process loads. */
export function reportUncaughtPxosErrors(): void {
  if (installed) return;
  installed = true;
  process.on("uncaughtExceptionMonitor", (err) => {
    if (!looksLikePxosError(err) || isDebug() || process.listenerCount("uncaughtException") > 0) return;
    process.stderr.write(`pxos: ${err.message}\n`);
    process.exit(1);
  });
}

/** Node's off-thread hooks (module.register) hand errors over by structured clone, which keeps their fields but not the brand. */
function looksLikePxosError(err: unknown): boolean {
  if (isPxosError(err)) return true;
  const e = err as Error & { code?: unknown; reason?: unknown };
  return err instanceof Error && e.name === "PxosError" && typeof e.code === "string" && typeof e.reason === "string";
}
