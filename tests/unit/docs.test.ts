/** The user's page and the docs say what the command line does: each command once in the README, its usage line in docs/. */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

const BIN = join(REPO, "packages", "pxos", "bin", "pxos.mjs");
const help = (args: string[]) => spawnSync(runtimeBinary("bun"), [BIN, ...args], { env: { ...process.env, NO_COLOR: "1" } }).stdout.toString();
const names = [...help(["--help"]).matchAll(/^ {2}([a-z-]+) {2}/gm)].map((m) => m[1] as string);
const readme = readFileSync(join(REPO, "README.md"), "utf8");
const docs = readdirSync(join(REPO, "docs"))
  .filter((f) => f.endsWith(".md"))
  .map((f) => readFileSync(join(REPO, "docs", f), "utf8"))
  .join("\n");

describe("docs", () => {
  test("the README stays one page for a user", () => {
    expect(readme.split("\n").length).toBeLessThan(100);
  });

  test("the README's command list names every command", () => {
    expect(names.length).toBeGreaterThanOrEqual(11);
    const listed = readme.split("## Commands")[1]?.split("\n## ")[0] ?? "";
    for (const name of names) expect(listed, `README's Commands lacks pxos ${name}`).toMatch(new RegExp(`^- .*\`pxos ${name}\``, "m"));
  });

  test("every usage line in docs/ matches `pxos <command> --help`", () => {
    for (const name of names) {
      const usage = help([name, "--help"]).split("\n")[0]?.replace("Usage: ", "") ?? "";
      expect(usage.startsWith(`pxos ${name}`)).toBe(true);
      expect(docs.includes(usage), `docs/ lacks: ${usage}`).toBe(true);
    }
  });
});
