/**
 * The project's own import map: `deno.json`'s `imports` and `scopes` (or the file its `importMap`
 * names). `deno run --import-map=` replaces them, so pxos's map carries them over, with every
 * relative address made absolute (pxos's map lives elsewhere) and pxos's own entries winning.
 *
 * @example
 * projectImports("/app") // { imports: { "@std/x": "npm:x@1" }, scopes: {} } from /app/deno.json
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { PxosError, readRegularFile } from "@pxos/core";

type Table = Record<string, string>;
export interface ProjectImports {
  imports: Table;
  scopes: Record<string, Table>;
}

const CONFIG_NAMES = ["deno.json", "deno.jsonc"];

/** Deno's config for a project: the nearest deno.json(c) from `dir` up, as Deno looks for it. */
function findConfig(dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    for (const name of CONFIG_NAMES) if (existsSync(join(at, name))) return join(at, name);
    if (dirname(at) === at) return undefined;
  }
}

/** JSON with comments and trailing commas, as Deno reads deno.jsonc: both dropped outside strings. */
function parseJsonc(text: string, file: string): unknown {
  const plain = text.replace(/("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\/|,(\s*[}\]])/g, (_, str, close) => str ?? close ?? "");
  try {
    return JSON.parse(plain);
  } catch (cause) {
    throw new PxosError("USAGE", `cannot read Deno's config for the project's own imports: ${(cause as Error).message}`, file, { cause });
  }
}

const isTable = (v: unknown): v is Table => typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "string");

/** An import map's table with relative addresses made absolute against the file they were written in. */
function absolute(table: Table, base: URL): Table {
  return Object.fromEntries(
    Object.entries(table).map(([k, v]) => [/^\.{0,2}\//.test(k) ? new URL(k, base).href : k, /^\.{0,2}\//.test(v) ? new URL(v, base).href : v]),
  );
}

export function projectImports(dir: string): ProjectImports {
  const config = findConfig(dir);
  if (!config) return { imports: {}, scopes: {} };
  let file = config;
  let data = parseJsonc(readRegularFile(config).toString("utf8"), config) as Record<string, unknown>;
  if (data.imports === undefined && typeof data.importMap === "string") {
    file = join(dirname(config), data.importMap);
    data = parseJsonc(readRegularFile(file).toString("utf8"), file) as Record<string, unknown>;
    // deno.json may name pxos's own map: what it holds is made again, never carried over.
    if (data.pxos !== undefined) return { imports: {}, scopes: {} };
  }
  const base = pathToFileURL(file);
  const imports = isTable(data.imports) ? absolute(data.imports, base) : {};
  const scopes: Record<string, Table> = {};
  if (typeof data.scopes === "object" && data.scopes !== null) {
    for (const [scope, table] of Object.entries(data.scopes)) if (isTable(table)) scopes[new URL(scope, base).href] = absolute(table, base);
  }
  return { imports, scopes };
}
