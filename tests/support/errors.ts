/** What a call ends in, as tests compare it: "ok", a PxosError's code, or a marker for any other throw. */
import { isPxosError } from "@pxos/core";

export function codeOf(run: () => unknown): string {
  try {
    run();
    return "ok";
  } catch (err) {
    return isPxosError(err) ? err.code : `not a PxosError: ${err}`;
  }
}
