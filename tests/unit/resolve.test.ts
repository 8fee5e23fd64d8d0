import { expect, test } from "bun:test";
import { dirname, resolve } from "node:path";
import { isPathSpecifier, resolvePathSpecifier } from "../../packages/core/src/runtime/index.ts";

const modules = new Set(["/app/src/util.ts", "/app/src/lib/index.ts", "/app/src/view.tsx", "/app/src/m.mts", "/app/data.json", "/app/src/plain.js"]);
const has = (p: string) => modules.has(p);
const from = "/app/src/main.ts";

test.each([
  ["./util.ts", "/app/src/util.ts"],
  ["./util", "/app/src/util.ts"],
  ["./util.js", "/app/src/util.ts"],
  ["./view.js", "/app/src/view.tsx"],
  ["./m.mjs", "/app/src/m.mts"],
  ["./lib", "/app/src/lib/index.ts"],
  ["./lib/", "/app/src/lib/index.ts"],
  ["../data.json", "/app/data.json"],
  ["./plain.js", "/app/src/plain.js"],
  ["/app/src/util.ts", "/app/src/util.ts"],
  ["file:///app/src/util.ts", "/app/src/util.ts"],
  ["./util.ts?query", "/app/src/util.ts"],
  ["./missing", undefined],
  ["util", undefined],
  ["node:fs", undefined],
])("%s → %s", (specifier, expected) => {
  expect(resolvePathSpecifier(specifier, from, has)).toBe(expected);
});

test("path specifiers are told from bare ones", () => {
  expect(["./a", "../a", ".", "..", "/a", "file:///a"].every(isPathSpecifier)).toBe(true);
  expect(["a", "@s/a", "node:fs", ".a", "..a"].some(isPathSpecifier)).toBe(false);
});

test("a relative specifier means the path path.resolve makes of it from the importer's folder, whatever its dots and slashes", () => {
  const parts = ["a", "b.ts", ".", "..", "", ".a", "a.", "..b", "b..", "a\\b", "%2e"];
  const specifiers = parts.flatMap((p) =>
    parts.flatMap((q) => ["./", "../", "../../", "./../", ".././"].flatMap((lead) => [`${lead}${p}`, `${lead}${p}/${q}`])),
  );
  const importers = ["/app/src/main.ts", "/main.ts", "/a/b/c/d.ts", "/app/./src/main.ts", "/app//src/main.ts", "/app/../src/main.ts", "/app/src/", "/"];
  for (const importer of importers) {
    for (const specifier of specifiers) {
      const expected = resolve(dirname(importer), specifier);
      expect([specifier, resolvePathSpecifier(specifier, importer, (p) => p === expected)]).toEqual([specifier, expected]);
    }
  }
});
