/** What both derivers of JavaScript ask of a source and of esbuild's output for it (core's cache/derived-text.ts). */
import { expect, test } from "bun:test";
import { addsHelpers, sourceText } from "@pxos/core";
import { transformSync } from "esbuild";

test("a source is its text where its bytes are UTF-8, and none where they are not (no replacement characters)", () => {
  expect(sourceText(new TextEncoder().encode("export const café = 1;\n"))).toBe("export const café = 1;\n");
  expect(sourceText(new Uint8Array([0x65, 0x78, 0xff, 0x0a]))).toBeUndefined();
});

test("esbuild's helpers for what it lowered show; a source that defines such a name itself adds none", () => {
  const lowered = (text: string) => transformSync(text, { loader: "ts", supported: { decorators: false, using: false } }).code;
  const decorated = "function d(c: unknown) { return c; }\n@d class A {}\nexport { A };\n";
  expect(addsHelpers(lowered(decorated), decorated)).toBe(true);
  const using = "export function f() { using x = { [Symbol.dispose]() {} }; return x; }\n";
  expect(addsHelpers(lowered(using), using)).toBe(true);
  const plain = "export const a: number = /* @__PURE__ */ Number(1);\n";
  expect(addsHelpers(lowered(plain), plain)).toBe(false);
  const own = "var __own = 1;\nexport { __own };\n";
  expect(addsHelpers(lowered(own), own)).toBe(false);
});
