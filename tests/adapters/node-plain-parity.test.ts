/**
 * Node from pixels prints what plain Node prints, for every specifier kind: each fixture runs as
 * plain files, then from pixels with every module file on disk replaced by a stub that throws
 * (and each package.json by `{}`), so a disk copy that quietly wins, or a package.json read from
 * disk, shows at once.
 */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { encodeProject, Manifest } from "@pxos/core";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

const FIXTURES = [
  "commonjs",
  "commonjs-folder",
  "commonjs-nested",
  "package-conditions-require",
  "package-exports",
  "package-imports",
  "package-json-pixels-only",
  "workspace-package",
];
const STUB = 'throw new Error("the disk copy ran");\n';

for (const runtime of ["node22", "node24"] as const) {
  describe(`${runtime} from pixels matches plain ${runtime}`, () => {
    test.each(FIXTURES)(
      "%s",
      (name) => {
        const source = join(REPO, "tests", "conformance", "fixtures", name);
        const dir = join(REPO, "tests", ".work", "node-parity", runtime, name);
        rmSync(dir, { recursive: true, force: true });
        cpSync(source, dir, { recursive: true, verbatimSymlinks: true });
        const { entry } = JSON.parse(readFileSync(join(dir, "fixture.json"), "utf8")) as { entry: string };
        const run = (args: string[]) => spawnSync(runtimeBinary(runtime), [...args, entry], { cwd: dir, encoding: "utf8", timeout: 30_000 });
        const plain = run([]);
        expect(plain.stderr).toBe("");
        const manifest = Manifest.load(encodeProject({ root: dir }).manifestPath);
        for (const key of manifest.keys()) writeFileSync(join(dir, key), key.endsWith("package.json") ? "{}\n" : STUB);
        const pixels = run(["--import", "@pxos/node-hook/register"]);
        expect(pixels.stderr).toBe("");
        expect(pixels.stdout).toBe(plain.stdout);
      },
      60_000,
    );
  });
}

/** A fresh project of these files in this test's work folder. */
function project(runtime: string, name: string, files: Record<string, string>): string {
  const dir = join(REPO, "tests", ".work", "node-parity", runtime, name);
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A project whose `#c` names a user condition: `node -C custom` must pick it for import, require() and require.resolve(). */
const CONDITIONS_PROJECT: Record<string, string> = {
  "package.json": JSON.stringify({ type: "module", imports: { "#c": { custom: "./lib/custom.cjs", default: "./lib/default.cjs" } } }),
  "lib/custom.cjs": 'module.exports = "custom";\n',
  "lib/default.cjs": 'module.exports = "default";\n',
  "main.js": `import c from "#c";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
console.log(c, require("#c"), require.resolve("#c").endsWith("/lib/" + c + ".cjs"));
`,
};

test.each(["node22", "node24"] as const)(
  "%s: the user's --conditions pick the same targets from pixels as from files",
  (runtime) => {
    const dir = project(runtime, "user-conditions", CONDITIONS_PROJECT);
    const run = (args: string[]) => spawnSync(runtimeBinary(runtime), [...args, "main.js"], { cwd: dir, encoding: "utf8", timeout: 30_000 });
    const plain = [run(["-C", "custom"]).stdout, run([]).stdout];
    expect(plain).toEqual(["custom custom true\n", "default default true\n"]);
    encodeProject({ root: dir });
    rmSync(join(dir, "lib"), { recursive: true });
    const hook = ["--import", "@pxos/node-hook/register"];
    expect([run([...hook, "-C", "custom"]).stdout, run(hook).stdout]).toEqual(plain);
  },
  60_000,
);

/** JSON imported and required: Node hands both the one object (it shares a JSON module with require() under a URL without a query). */
const JSON_PROJECT: Record<string, string> = {
  "package.json": '{ "type": "module" }\n',
  "data/config.json": '{ "a": 1, "nested": { "b": 2 } }\n',
  "data/other.json": '{ "c": 3 }\n',
  "main.js": `import { createRequire } from "node:module";
import config from "./data/config.json" with { type: "json" };
const require = createRequire(import.meta.url);
console.log("import then require:", require("./data/config.json") === config, config.nested.b);
const other = require("./data/other.json");
const { default: imported } = await import("./data/other.json", { with: { type: "json" } });
console.log("require then import:", imported === other, other.c);
console.log(Object.keys(require.cache).filter((k) => k.includes("/data/")).map((k) => k.slice(k.indexOf("/data/"))).sort().join(" "));
`,
};

test.each(["node22", "node24"] as const)(
  "%s: a JSON module imported and required is one object, as for a file, in both hook modes",
  (runtime) => {
    const dir = project(runtime, "json-shared", JSON_PROJECT);
    const run = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(runtimeBinary(runtime), [...args, "main.js"], { cwd: dir, encoding: "utf8", timeout: 30_000, env: { ...process.env, ...env } });
    const plain = run([]).stdout;
    expect(plain).toBe("import then require: true 2\nrequire then import: true 3\n/data/config.json /data/other.json\n");
    encodeProject({ root: dir });
    rmSync(join(dir, "data"), { recursive: true });
    const hook = ["--import", "@pxos/node-hook/register"];
    expect([run(hook).stdout, run(hook, { PXOS_NODE_HOOKS: "async" }).stdout]).toEqual([plain, plain]);
  },
  60_000,
);
