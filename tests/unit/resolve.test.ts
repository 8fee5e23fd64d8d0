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

test("a folder means what its package.json's main names (as a file, then as a folder's index), then its index files, as require() and Bun read it", () => {
  const files = new Set(["/app/pkg/dist/lib.js", "/app/pkg/index.ts", "/app/dir/lib/index.ts", "/app/bare/index.js", "/app/ts/src/main.ts"]);
  const mains: Record<string, string> = { "/app/pkg": "dist/lib.js", "/app/dir": "./lib", "/app/gone": "nowhere.js", "/app/ts": "src/main.js" };
  const asked: string[] = [];
  const mainOf = (dir: string) => {
    asked.push(dir);
    return mains[dir];
  };
  const resolved = (specifier: string) => resolvePathSpecifier(specifier, "/app/main.cjs", (p) => files.has(p), mainOf);
  expect(resolved("./pkg")).toBe("/app/pkg/dist/lib.js");
  expect(resolved("./dir")).toBe("/app/dir/lib/index.ts");
  // Its `.js` naming a TypeScript twin, as any specifier may.
  expect(resolved("./ts")).toBe("/app/ts/src/main.ts");
  // No package.json, or a main that names nothing: the index files.
  expect(resolved("./bare")).toBe("/app/bare/index.js");
  expect(resolved("./gone")).toBeUndefined();
  // A specifier that is a module as written never reads a package.json.
  asked.length = 0;
  expect(resolved("./pkg/dist/lib")).toBe("/app/pkg/dist/lib.js");
  expect(asked).toEqual([]);
});
