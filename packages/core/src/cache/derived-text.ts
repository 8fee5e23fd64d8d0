/**
 * What a deriver of JavaScript (Bun's ready JavaScript, Deno's) asks of a module's source and of
 * esbuild's output for it, in one place: the source as text, where its bytes are UTF-8, and whether
 * esbuild had to add helpers to print it — decorators, `using` and other syntax it was told to
 * lower, which the runtime's own transpiler would lower its own way, so such a module takes no form.
 *
 * @example
 * const text = sourceText(source);
 * if (text === undefined) return undefined; // not UTF-8: the runtime reads the source and reports it
 * if (addsHelpers(transformSync(text, { loader: "ts", supported: { decorators: false } }).code, text)) return undefined;
 */
import { utf8 } from "../codec/bytes.ts";

/** The first line of a helper esbuild prints above what it lowered. */
const ESBUILD_HELPER = /^var __\w+ = /m;

/** The source as text; undefined where its bytes are not UTF-8 (never with replacement characters). */
export function sourceText(source: Uint8Array): string | undefined {
  try {
    return utf8.decode(source);
  } catch {
    return undefined;
  }
}

/** True when esbuild's `output` holds a helper its `source` did not (a source may define such a name itself). */
export function addsHelpers(output: string, source: string): boolean {
  return ESBUILD_HELPER.test(output) && !ESBUILD_HELPER.test(source);
}
