/**
 * The forms `pxos encode` derives for the adapters (core's cache/derived-pack.ts): Node's stripped
 * JavaScript, as the stripper of the runtime running the CLI makes it (a Node hook with the same one
 * serves it), Deno's JavaScript for its TypeScript ES modules, and Bun's ready JavaScript
 * and rewritten CommonJS, where the Bun adapter is installed beside the CLI (npm's `pxos` depends on
 * it; JSR's `@pxos/cli` serves Deno and goes without).
 *
 * @example
 * encodeProject({ root, cacheDir, derive: await derivers() });
 */
import { builtinStripper, type Deriver, strippedForm } from "@pxos/core/runtime";

export async function derivers(): Promise<Deriver[]> {
  const stripper = builtinStripper();
  const bun = await import("@pxos/bun-plugin/derive").then(
    (derive) => [derive.bunForm, derive.bunSourceForm],
    () => [],
  );
  const deno = await import("@pxos/deno-loader/derive").then(
    (derive) => [derive.denoForm(stripper?.strip)],
    () => [],
  );
  return [...(stripper ? [strippedForm(stripper)] : []), ...deno, ...bun];
}
