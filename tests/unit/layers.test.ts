/** Core is folders named after its concepts, each importing only the ones below it; packages reach core only through its entry points. */
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { REPO } from "../support/runtimes.ts";

const CORE = join(REPO, "packages", "core", "src");
/** Bottom first: a folder may import from the folders before it, never after. "." is the entry points. */
const LAYERS = ["base", "codec", "io", "manifest", "cache", "project", "cartridge", "runtime", "."];
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g;

const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(dir, f));
const folderOf = (file: string) => {
  const rel = relative(CORE, file);
  return rel.includes("/") ? (rel.split("/")[0] as string) : ".";
};
const importsOf = (file: string) => [...readFileSync(file, "utf8").matchAll(IMPORT)].map((m) => (m[1] ?? m[2]) as string);

describe("core's layers", () => {
  const coreFiles = files(CORE);

  test("every file lives in a known folder, and every folder has an index.ts saying what it offers", () => {
    const folders = new Set(coreFiles.map(folderOf));
    expect([...folders].sort()).toEqual([...LAYERS].sort());
    for (const folder of LAYERS.filter((f) => f !== ".")) {
      const index = join(CORE, folder, "index.ts");
      expect(existsSync(index), `${folder}/index.ts`).toBe(true);
      expect(readFileSync(index, "utf8")).toMatch(/^\/\*\*/);
    }
  });

  test("imports point down the layers only", () => {
    const upward: string[] = [];
    for (const file of coreFiles) {
      const from = folderOf(file);
      for (const specifier of importsOf(file).filter((s) => s.startsWith("."))) {
        const to = folderOf(resolve(dirname(file), specifier));
        if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) upward.push(`${relative(CORE, file)} → ${specifier}`);
      }
    }
    expect(upward).toEqual([]);
  });

  test("the codec imports no node: module, so it runs in a browser", () => {
    const nodeImports = files(join(CORE, "codec")).flatMap((f) =>
      importsOf(f)
        .filter((s) => s.startsWith("node:"))
        .map((s) => `${relative(CORE, f)}: ${s}`),
    );
    expect(nodeImports).toEqual([]);
  });

  test("the other packages import core only through its entry points", () => {
    const entries = new Set(
      Object.keys(JSON.parse(readFileSync(join(REPO, "packages", "core", "package.json"), "utf8")).exports).map((e) => `@pxos/core${e.slice(1)}`),
    );
    const other = readdirSync(join(REPO, "packages")).filter((p) => p !== "core");
    const outside = other.flatMap((p) =>
      files(join(REPO, "packages", p, "src")).flatMap((f) =>
        importsOf(f)
          .filter((s) => s.includes("core/src") || (s.startsWith("@pxos/core") && !entries.has(s)))
          .map((s) => `${relative(REPO, f)}: ${s}`),
      ),
    );
    expect(outside).toEqual([]);
  });
});
