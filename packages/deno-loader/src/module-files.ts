/**
 * Serves modules to Deno as files in pxos's cache rather than `data:` URLs:
 * Deno loads a file about twice as fast, and JavaScript faster than
 * TypeScript it must transpile, so erasable TypeScript is stripped first
 * (every line and column kept). A file lives under the SHA-256 of its
 * content and the module's own path, so stack traces still name the module
 * (`…/3f2a…/lib/thrower.ts.mjs?pxos:3:9`), and no file in use is ever
 * rewritten. `.mjs`/`.mts` keep Deno's ES-module reading whatever folder the
 * cache is in, as a `data:` URL had it.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { writeFileAtomic } from "@pxos/core";
import { type Loader, PIXEL_QUERY, type Stripper } from "@pxos/core/runtime";

const SUFFIX: Record<Loader, string> = { ts: ".mts", mts: "", cts: ".mts", tsx: "", js: ".mjs", mjs: "", cjs: ".mjs", jsx: "", json: "" };

/**
 * @example
 * const serve = moduleFiles("/app/node_modules/.cache/pxos/deno", builtinStripper());
 * serve("lib/a.ts", "ts", source) // "file:///app/node_modules/.cache/pxos/deno/9c1e…/lib/a.ts.mjs?pxos"
 */
export function moduleFiles(dir: string, stripper: Stripper | undefined): (key: string, loader: Loader, source: string) => string {
  return (key, loader, source) => {
    let text = source;
    let name = key + SUFFIX[loader];
    if (stripper && (loader === "ts" || loader === "mts" || loader === "cts")) {
      try {
        text = stripper.strip(source);
        name = `${key}.mjs`;
      } catch {
        // Not erasable (enum, namespace): Deno transpiles the TypeScript itself.
      }
    }
    const file = join(dir, createHash("sha256").update(text).digest("hex").slice(0, 32), name);
    if (readIfAny(file) !== text) writeFileAtomic(file, text);
    return pathToFileURL(file).href + PIXEL_QUERY;
  };
}

function readIfAny(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
