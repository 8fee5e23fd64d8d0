/**
 * The format Node should compile a pixel module as, decided the way Node
 * decides for files: by extension, then the nearest package.json's "type"
 * (read from pixels when it lives there), then, for neither, by syntax
 * (Node's module detection).
 */
import { dirname } from "node:path";
import type { Loader, PixelModules } from "@pxos/core/runtime";
// parse() compiles the lexer's WebAssembly on first use, synchronously: only a `.js` module of no package type ever needs it.
import { parse } from "es-module-lexer";

export type NodeFormat = "module" | "commonjs" | "module-typescript" | "commonjs-typescript" | "json";

const FIXED: Partial<Record<Loader, NodeFormat>> = {
  mjs: "module",
  cjs: "commonjs",
  mts: "module-typescript",
  cts: "commonjs-typescript",
  json: "json",
  // Node has no JSX: tsx/jsx are handed over as modules and Node reports the syntax it cannot parse.
  tsx: "module-typescript",
  jsx: "module",
};

export function createFormatResolver(pixels: PixelModules): (path: string, loader: Loader, source: string) => NodeFormat {
  return (path, loader, source) => {
    const fixed = FIXED[loader];
    if (fixed) return fixed;
    const typescript = loader === "ts";
    const type = pixels.packageType(dirname(path));
    const esm = type === "module" || (type !== "commonjs" && hasModuleSyntax(source));
    if (typescript) return esm ? "module-typescript" : "commonjs-typescript";
    return esm ? "module" : "commonjs";
  };
}

/**
 * What module syntax cannot be written without: `import` or `export` on a line that holds code, or
 * `import.meta` anywhere. A line that starts as a comment does (`// eslint-disable import/order`,
 * ` * export it`, a one-line block comment) only where the word follows the comment's end or a
 * statement's (`; export`, `} export`): a line that starts with `*` may be code (a product), but
 * then only such a boundary lets a statement start on it.
 */
const MODULE_WORD = /^(?!\s*(?:\/\/|\/?\*)).*\b(?:import|export)\b|^(?=\s*\/?\*).*(?:[;}]|\*\/)\s*(?:import|export)\b|\bimport\s*\.\s*meta\b/m;

/**
 * Most CommonJS spells neither word outside its comments: the lexer (its WebAssembly compiled on
 * first use, a cost on the order of milliseconds: BENCHMARKS.md) is then not needed.
 *
 * @example
 * mayHaveModuleSyntax("// export the parser\nmodule.exports = parse;\n") // false
 * mayHaveModuleSyntax("/* v1 *\/ export const v = 1;\n") // true
 */
export function mayHaveModuleSyntax(source: string): boolean {
  return MODULE_WORD.test(source);
}

function hasModuleSyntax(source: string): boolean {
  if (!mayHaveModuleSyntax(source)) return false;
  try {
    return parse(source)[3];
  } catch {
    // Unlexable as JavaScript (TypeScript the lexer trips on): ES module syntax is by far the likelier.
    return true;
  }
}
