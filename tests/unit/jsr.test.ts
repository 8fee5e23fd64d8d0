/**
 * Each JSR package's deno.json says what its package.json says: the same version and license, the
 * same entry points (src/x.ts on JSR is dist/x.mjs with dist/types/x.d.ts on npm), and the same
 * npm dependencies, pinned, as `npm:` specifiers. `npm run lint` checks the deno.json files publish.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { JSR_PACKAGES } from "../../scripts/jsr.ts";
import { REPO } from "../support/runtimes.ts";

interface Json {
  name: string;
  version: string;
  license: string;
  exports: Record<string, string | Record<string, string>>;
  imports?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const read = (...path: string[]): Json => JSON.parse(readFileSync(join(REPO, ...path), "utf8"));

test("every package with a deno.json is a JSR package the lint publishes", () => {
  const withDenoJson = readdirSync(join(REPO, "packages")).filter((p) => existsSync(join(REPO, "packages", p, "deno.json")));
  expect(withDenoJson.sort()).toEqual(Object.keys(JSR_PACKAGES).sort());
});

describe.each(Object.entries(JSR_PACKAGES))("packages/%s as %s", (dir, name) => {
  const npm = read("packages", dir, "package.json");
  const deno = read("packages", dir, "deno.json");

  test("its name, package.json's version and license", () => {
    expect(deno.name).toBe(name);
    expect(deno.version).toBe(npm.version);
    expect(deno.license).toBe(npm.license);
  });

  test("the entry points of package.json, each from the source its dist/ file is built from", () => {
    const npmEntries = Object.keys(npm.exports).filter((key) => key !== "./package.json");
    expect(Object.keys(deno.exports).sort()).toEqual(npmEntries.sort());
    for (const [key, source] of Object.entries(deno.exports)) {
      const module = /^\.\/src\/(.+)\.ts$/.exec(source as string)?.[1];
      expect(module, `${key}: ${source}`).toBeDefined();
      expect(existsSync(join(REPO, "packages", dir, source as string))).toBe(true);
      expect(npm.exports[key]).toMatchObject({ default: `./dist/${module}.mjs`, types: `./dist/types/${module}.d.ts` });
    }
  });

  test("package.json's npm dependencies as npm: specifiers, pinned alike", () => {
    const imports = deno.imports ?? {};
    // @pxos/* are the workspace's own: `deno publish` turns them into jsr: specifiers.
    for (const [dep, version] of Object.entries(npm.dependencies ?? {})) if (!dep.startsWith("@pxos/")) expect(imports[dep]).toBe(`npm:${dep}@${version}`);
    // Anything more (the CLI's esbuild, imported only to bundle the viewer from sources) pinned as the repository pins it.
    const pinned = { ...read("package.json").devDependencies, ...npm.dependencies };
    for (const [dep, specifier] of Object.entries(imports)) expect(specifier).toBe(`npm:${dep}@${pinned[dep]}`);
  });
});
