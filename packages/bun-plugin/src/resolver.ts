/**
 * How the Bun adapter resolves a specifier to a pixel module, at run time and when `pxos encode`
 * derives Bun's ready JavaScript (derive.ts): one rule, so a module names its imports the same way
 * in both.
 *
 * @example
 * const resolvePixel = bunResolver(pixels);
 * resolvePixel("#config", "/app/src/main.ts"); // "/app/src/config.ts", or undefined when not a pixel module
 */
import { dirname } from "node:path";
import { isPathSpecifier, type PixelModules } from "@pxos/core/runtime";
import type { ResolvePixel } from "./rewrite.ts";

/** Bun's own conditions (checked against plain Bun 1.4.5): bun and node, then import or require. */
const CONDITIONS = { import: ["bun", "node", "import"], require: ["bun", "node", "require"] };

export function bunResolver(pixels: PixelModules): ResolvePixel {
  /** `#x` and bare names resolve the same from every module of a folder: asked once per folder. */
  const packageResolutions = new Map<string, string | undefined>();
  return (specifier, importer, kind = "import") => {
    if (isPathSpecifier(specifier)) return pixels.resolve(specifier, importer);
    const key = `${kind}\0${dirname(importer)}\0${specifier}`;
    if (!packageResolutions.has(key)) packageResolutions.set(key, pixels.resolve(specifier, importer, CONDITIONS[kind]));
    return packageResolutions.get(key);
  };
}
