/**
 * Node's stripped JavaScript as a form `pxos encode` derives and binds to the manifest
 * (derived-pack.ts), named by the stripper that made it: the Node hook serves it only when its own
 * stripper is the same, so it is the very JavaScript Node would have compiled — and, being in the
 * signed manifest, under a trust key too, where the run-time pack of stripped JavaScript is not read.
 *
 * @example
 * const stripper = builtinStripper();
 * if (stripper) encodeProject({ root, cacheDir, derive: [strippedForm(stripper)] });
 * pixels.read(path, { form: strippedFormName(stripper) });
 */
import { utf8 } from "../codec/bytes.ts";
import type { Deriver } from "./derived-pack.ts";
import type { Stripper } from "./stripper.ts";

const TYPESCRIPT = new Set(["ts", "mts", "cts"]);

/** `stripped-amaro-1.1.11`: the form's name in manifest entries. */
export const strippedFormName = (stripper: Stripper): string => `stripped-${stripper.id}`;

export function strippedForm(stripper: Stripper): Deriver {
  return {
    form: strippedFormName(stripper),
    derive(source, { loader }) {
      if (!TYPESCRIPT.has(loader)) return undefined;
      try {
        return utf8.encode(stripper.strip(utf8.decode(source)));
      } catch {
        // Not erasable (an enum) or not UTF-8: Node is handed the TypeScript and reports it as for the file.
        return undefined;
      }
    },
  };
}
