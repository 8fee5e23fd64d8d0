/**
 * A JSON module from pixels on Bun is the module plain Bun makes of the file: its value as the
 * default export, an object's top-level keys as named exports (`import { version } from
 * "./package.json"`), any other value marked `__esModule`, and the value itself for require() —
 * whether `pxos encode` derived it (Bun's ready JavaScript) or the plugin makes it at run time.
 */
import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeProject } from "@pxos/core";
import { bunForm, bunSourceForm } from "../../packages/bun-plugin/src/derive.ts";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

const FILES: Record<string, string> = {
  "package.json": '{ "type": "module" }\n',
  "data.json": '{ "name": "pixels", "version": "1.2.3", "my-key": 7, "default": "shadowed", "caf\u00e9": "cr\u00e8me" }\n',
  "list.json": "[1, 2, 3]\n",
  "other.json": '{ "other": true }\n',
  "main.mjs": [
    'import data, { name, version, "my-key" as myKey } from "./data.json";',
    'import * as ns from "./data.json" with { type: "json" };',
    'import * as listNs from "./list.json";',
    "// Bun's require() of an ES module returns its `module.exports` export, which its namespace lists then.",
    'const keys = (m) => JSON.stringify(Object.entries(m).filter(([k]) => k !== "module.exports").sort());',
    "console.log(data.name, data.default, name, version, myKey);",
    "console.log(keys(ns));",
    "console.log(keys(listNs));",
    'await import("./req.cjs");',
    "",
  ].join("\n"),
  "req.cjs": 'console.log("require", JSON.stringify(require("./other.json")));\n',
};

test("JSON modules from pixels are what plain Bun makes of the files, from the encode's form or made at run time", () => {
  const plain = join(REPO, "tests", ".work", "bun-json", "plain");
  const dir = join(REPO, "tests", ".work", "bun-json", "app");
  const cacheDir = join(REPO, "tests", ".work", "bun-json", "cache");
  rmSync(join(plain, ".."), { recursive: true, force: true });
  mkdirSync(plain, { recursive: true });
  for (const [file, text] of Object.entries(FILES)) writeFileSync(join(plain, file), text);
  cpSync(plain, dir, { recursive: true });
  encodeProject({ root: dir, cacheDir, derive: [bunForm, bunSourceForm] });
  for (const file of ["data.json", "list.json", "other.json", "req.cjs"]) rmSync(join(dir, file));
  const run = (cwd: string, args: string[], env: Record<string, string> = {}) =>
    spawnSync(runtimeBinary("bun"), args, { cwd, encoding: "utf8", env: { ...process.env, PXOS_CACHE_DIR: cacheDir, ...env } });
  const expected = run(plain, ["main.mjs"]);
  expect(expected.stdout).toContain('[["caf\u00e9","cr\u00e8me"],["default",{"name":"pixels"');
  const derived = run(dir, ["--preload", "@pxos/bun-plugin/preload", "main.mjs"], { PXOS_DEBUG: "1" });
  expect(derived.stdout).toBe(expected.stdout);
  // data.json twice: Bun makes a module per import attributes, from files too.
  const ready = [...new Set([...derived.stderr.matchAll(/\[pxos\] pixels (\S+\.json) ← .* \(ready JavaScript\)/g)].map((m) => m[1]))].sort();
  expect(ready).toEqual(["data.json", "list.json", "other.json"]);
  const atRunTime = run(dir, ["--preload", "@pxos/bun-plugin/preload", "main.mjs"], { PXOS_CACHE: "0" });
  expect(atRunTime.stderr).toBe("");
  expect(atRunTime.stdout).toBe(expected.stdout);
});
