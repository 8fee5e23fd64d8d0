/**
 * The form `pxos encode` derives for an adapter: Bun's ready JavaScript, where the Bun adapter is
 * installed beside the CLI (npm's `pxos` depends on it; JSR's `@pxos/cli` serves Deno, which has
 * no use for it, and goes without).
 *
 * @example
 * encodeProject({ root, cacheDir, derive: await bunDeriver() });
 */
import type { Deriver } from "@pxos/core";

export async function bunDeriver(): Promise<Deriver | undefined> {
  try {
    return (await import("@pxos/bun-plugin/derive")).bunForm;
  } catch {
    return undefined;
  }
}
