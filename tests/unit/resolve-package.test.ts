import { expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeProject, PixelModules, resolveOptions } from "@pxos/core";
import { isPackageSpecifier, type PackageHost, type PackageJson, resolvePackageSpecifier } from "../../packages/core/src/runtime/index.ts";

/** An in-memory project: package.json files by folder, the pixel modules, and symlinked folders (workspaces). */
const packages: Record<string, PackageJson> = {
  "/app": {
    name: "app",
    imports: {
      "#x": "./lib/x.js",
      "#cond": { node: "./lib/node.js", default: "./lib/other.js" },
      "#req": { import: "./lib/esm.mjs", require: "./lib/cjs.cjs" },
      "#lib/*": "./lib/*.js",
      "#dep": "dep",
      "#gone": "./lib/not-there.js",
    },
    exports: { ".": "./lib/x.js", "./feature": { import: "./lib/esm.mjs", require: "./lib/cjs.cjs" } },
  },
  "/app/node_modules/dep": { name: "dep", exports: { ".": { import: "./esm.mjs", default: "./index.js" }, "./sub/*": "./sub/*.js" } },
  "/app/node_modules/sugar": { name: "sugar", exports: "./main.js" },
  "/app/node_modules/legacy": { name: "legacy", main: "./dist/entry" },
  "/app/node_modules/@s/scoped": { name: "@s/scoped" },
  "/app/packages/ws": { name: "ws", main: "src/index.ts" },
  "/app/node_modules/dep/node_modules/inner": { name: "inner", main: "own.js", imports: { "#own": "./own.js" } },
  "/app/node_modules/disk": { name: "disk", main: "index.js" },
};
const modules = new Set([
  "/app/lib/x.js",
  "/app/lib/node.js",
  "/app/lib/other.js",
  "/app/lib/esm.mjs",
  "/app/lib/cjs.cjs",
  "/app/lib/deep/a.ts",
  "/app/node_modules/dep/esm.mjs",
  "/app/node_modules/dep/index.js",
  "/app/node_modules/dep/sub/one.js",
  "/app/node_modules/dep/hidden.js",
  "/app/node_modules/sugar/main.js",
  "/app/node_modules/legacy/dist/entry.js",
  "/app/node_modules/@s/scoped/index.js",
  "/app/node_modules/@s/scoped/util.cjs",
  "/app/packages/ws/src/index.ts",
  "/app/node_modules/dep/node_modules/inner/own.js",
]);
const symlinks: Record<string, string> = { "/app/node_modules/ws": "/app/packages/ws" };
const host: PackageHost = {
  has: (p) => modules.has(p),
  readPackageJson: (dir) => packages[dir],
  packageDir: (dir) => symlinks[dir] ?? (packages[dir] ? dir : undefined),
};
const IMPORT = ["node", "import"];
const REQUIRE = ["node", "require"];
const from = "/app/src/main.ts";

test.each([
  ["#x", IMPORT, "/app/lib/x.js"],
  ["#cond", IMPORT, "/app/lib/node.js"],
  ["#cond", ["import"], "/app/lib/other.js"],
  ["#req", IMPORT, "/app/lib/esm.mjs"],
  ["#req", REQUIRE, "/app/lib/cjs.cjs"],
  ["#lib/node", IMPORT, "/app/lib/node.js"],
  ["#lib/deep/a", IMPORT, "/app/lib/deep/a.ts"],
  ["#dep", IMPORT, "/app/node_modules/dep/esm.mjs"],
  ["#gone", IMPORT, undefined],
  ["#undefined", IMPORT, undefined],
  ["app", IMPORT, "/app/lib/x.js"],
  ["app/feature", REQUIRE, "/app/lib/cjs.cjs"],
  ["app/missing", IMPORT, undefined],
  ["dep", IMPORT, "/app/node_modules/dep/esm.mjs"],
  ["dep", REQUIRE, "/app/node_modules/dep/index.js"],
  ["dep/sub/one", IMPORT, "/app/node_modules/dep/sub/one.js"],
  ["dep/hidden.js", IMPORT, undefined],
  ["sugar", IMPORT, "/app/node_modules/sugar/main.js"],
  ["legacy", REQUIRE, "/app/node_modules/legacy/dist/entry.js"],
  ["@s/scoped", REQUIRE, "/app/node_modules/@s/scoped/index.js"],
  ["@s/scoped/util.cjs", REQUIRE, "/app/node_modules/@s/scoped/util.cjs"],
  ["@s/scoped/util", REQUIRE, "/app/node_modules/@s/scoped/util.cjs"],
  ["ws", IMPORT, "/app/packages/ws/src/index.ts"],
  ["disk", REQUIRE, undefined],
  ["nowhere", IMPORT, undefined],
  ["node:fs", IMPORT, undefined],
  ["fs", IMPORT, undefined],
])("%s (%j) → %s", (specifier, conditions, expected) => {
  expect(resolvePackageSpecifier(specifier, from, conditions, host)).toBe(expected);
});

test("a module inside node_modules has its own package scope and node_modules folders", () => {
  const inner = "/app/node_modules/dep/node_modules/inner/own.js";
  expect(resolvePackageSpecifier("#own", inner, IMPORT, host)).toBe(inner);
  expect(resolvePackageSpecifier("#x", inner, IMPORT, host)).toBeUndefined();
  expect(resolvePackageSpecifier("inner", "/app/node_modules/dep/index.js", IMPORT, host)).toBe(inner);
  expect(resolvePackageSpecifier("inner", from, IMPORT, host)).toBeUndefined();
});

test("package and # specifiers are told from paths and URLs", () => {
  expect(["#x", "#a/b", "pkg", "@s/pkg/sub", "fs"].every(isPackageSpecifier)).toBe(true);
  expect(["#", "./a", "../a", "/a", "file:///a", "node:fs", "data:text/javascript,1", ""].some(isPackageSpecifier)).toBe(false);
});

test("PixelModules resolves # and bare specifiers through the package.json the pixels hold, with the file gone", () => {
  const dir = mkdtempSync(join(tmpdir(), "pxos-resolve-"));
  try {
    mkdirSync(join(dir, "lib"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "me", imports: { "#x": "./lib/x.js" }, exports: "./lib/x.js" }));
    writeFileSync(join(dir, "lib", "x.js"), "export default 1;\n");
    writeFileSync(join(dir, "main.js"), 'import "#x";\n');
    encodeProject({ root: dir });
    rmSync(join(dir, "package.json"));
    rmSync(join(dir, "lib"), { recursive: true });
    const pixels = PixelModules.open(resolveOptions({ manifest: join(dir, "pixel_manifest.json") }));
    expect(pixels.resolve("#x", join(dir, "main.js"), IMPORT)).toBe(join(dir, "lib", "x.js"));
    expect(pixels.resolve("me", join(dir, "main.js"))).toBe(join(dir, "lib", "x.js"));
    expect(pixels.resolve("./lib/x", join(dir, "main.js"))).toBe(join(dir, "lib", "x.js"));
    expect(pixels.resolve("#y", join(dir, "main.js"))).toBeUndefined();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a package.json on disk is read only as a regular file: a FIFO is a one-line IO error, never a hang; the nearest type is the package's", () => {
  const dir = mkdtempSync(join(tmpdir(), "pxos-resolve-"));
  try {
    mkdirSync(join(dir, "sub", "deep"), { recursive: true });
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(join(dir, "main.js"), "export {};\n");
    encodeProject({ root: dir });
    const pixels = PixelModules.open(resolveOptions({ manifest: join(dir, "pixel_manifest.json") }));
    expect(pixels.packageType(join(dir, "sub", "deep"))).toBe("module");
    expect(Bun.spawnSync(["mkfifo", join(dir, "sub", "package.json")]).exitCode).toBe(0);
    const fresh = PixelModules.open(resolveOptions({ manifest: join(dir, "pixel_manifest.json") }));
    expect(() => fresh.packageType(join(dir, "sub", "deep"))).toThrow(/not a regular file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
