/**
 * A JSON module from pixels on Bun is the module plain Bun makes of the file: its value as the
 * default export, an object's top-level keys as named exports (`import { version } from
 * "./package.json"`), any other value marked `__esModule`, and the value itself for require().
 */
import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeProject } from "@pxos/core";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

const FILES: Record<string, string> = {
  "package.json": '{ "type": "module" }\n',
  "data.json": '{ "name": "pixels", "version": "1.2.3", "my-key": 7, "default": "shadowed" }\n',
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

test("JSON modules from pixels are what plain Bun makes of the files", () => {
  const plain = join(REPO, "tests", ".work", "bun-json", "plain");
  const dir = join(REPO, "tests", ".work", "bun-json", "app");
  rmSync(join(plain, ".."), { recursive: true, force: true });
  mkdirSync(plain, { recursive: true });
  for (const [file, text] of Object.entries(FILES)) writeFileSync(join(plain, file), text);
  cpSync(plain, dir, { recursive: true });
  encodeProject({ root: dir });
  for (const file of ["data.json", "list.json", "other.json", "req.cjs"]) rmSync(join(dir, file));
  const run = (cwd: string, args: string[]) => spawnSync(runtimeBinary("bun"), args, { cwd, encoding: "utf8" });
  const expected = run(plain, ["main.mjs"]);
  expect(expected.stdout).toContain('[["default",{"name":"pixels"');
  const pixels = run(dir, ["--preload", "@pxos/bun-plugin/preload", "main.mjs"]);
  expect(pixels.stderr).toBe("");
  expect(pixels.stdout).toBe(expected.stdout);
});
