/**
 * Deno's JavaScript for a TypeScript ES module, derived by `pxos encode` and bound to the manifest
 * (core's cache/derived-pack.ts): the mirror serves it in the module's place (mirror.ts), so Deno
 * runs JavaScript instead of looking up its emit of TypeScript for each module (BENCHMARKS.md).
 * Every line and column stays where it was — the types blanked by the runtime's own stripper (Node's
 * amaro), or by amaro from npm on a runtime without one, then the imports TypeScript drops blanked
 * too (elide.ts) — so stack traces need no source map, which Deno would read for every module it
 * loads. esbuild,
 * which drops imports as TypeScript does, is the judge: a form whose imports and exports are not
 * esbuild's is not kept, nor one of syntax Deno lowers (decorators, auto-accessors, `using`), nor
 * one under a configuration in the project that changes Deno's emit otherwise than
 * `verbatimModuleSyntax` (then every import stays as written).
 *
 * @example
 * import { denoForm } from "@pxos/deno-loader/derive";
 * encodeProject({ root, cacheDir, derive: [denoForm(builtinStripper()?.strip)] });
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { addsHelpers, sourceText } from "@pxos/core";
import { DENO_FORM, type Deriver, type Loader } from "@pxos/core/runtime";
import { buildSync, transformSync } from "esbuild";
import { importedNames, sameModule, withoutElided } from "./elide.ts";

/**
 * What Deno's emit lowers and V8 may not run as written: decorators and `using`, which esbuild is
 * told to lower too, so its helpers show them (where a `@` in a string or a JSDoc tag shows nothing);
 * auto-accessors, which it lowers without helpers, are looked for in the stripped text (below). Such
 * a module keeps its TypeScript.
 */
const ACCESSOR = /\baccessor\s+[A-Za-z_$#[]/;
/** `import {} from`: TypeScript's elision of it differs between compilers, so such a module keeps its TypeScript. */
const EMPTY_IMPORT = /\bimport\s*\{\s*\}/;
/** Configuration keys that change what Deno emits beyond what this form follows (or may, through `extends`). */
const EMIT_OPTIONS = /"(?:experimentalDecorators|emitDecoratorMetadata|useDefineForClassFields|preserveValueImports|importsNotUsedAsValues|jsx\w*|extends)"/;
/** The one it follows: imports kept as written, as amaro keeps them, and as esbuild is then told to. */
const VERBATIM = /"verbatimModuleSyntax"\s*:\s*true/;
const CONFIGS = ["deno.json", "deno.jsonc", "tsconfig.json"];

const utf8 = new TextEncoder();

const TYPESCRIPT: ReadonlySet<Loader> = new Set(["ts", "mts"]);
/** What the project's configuration files say about what Deno emits: imports kept as written, or something this form does not follow. */
type Config = { verbatim: boolean } | "unsupported";

const esbuildOptions = (config: { verbatim: boolean }) =>
  ({
    target: "esnext",
    supported: { decorators: false, using: false },
    logLevel: "silent",
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: config.verbatim } },
  }) as const;

/**
 * amaro from npm, loaded on first use: loading it costs a process ~120 ms, so a runtime that strips
 * TypeScript itself (Node, Deno) passes its own stripper, already loaded for Node's form.
 */
let amaro: typeof import("amaro") | undefined;
function amaroStrip(source: string): string {
  amaro ??= createRequire(import.meta.url)("amaro") as typeof import("amaro");
  return amaro.transformSync(source, { mode: "strip-only" }).code;
}

/** `strip`: blanks a module's types, keeping every line and column, and throws on what it cannot (an enum). */
export function denoForm(strip: (source: string) => string = amaroStrip): Deriver {
  const configs = new Map<string, Config>();
  // esbuild's output per source, from `prepare`: one call for them all, where each call is a round trip to esbuild's process.
  const judgedOf = new WeakMap<Uint8Array, string>();
  return {
    form: DENO_FORM,
    prepare(modules) {
      const asked = modules.filter((m) => TYPESCRIPT.has(m.loader));
      if (asked.length > 1) for (const [source, judged] of judgeAll(asked)) judgedOf.set(source, judged);
    },
    derive(source, { path, loader, manifest }) {
      if (!TYPESCRIPT.has(loader)) return undefined;
      const text = sourceText(source);
      if (text === undefined) return undefined;
      const config = configOf(dirname(path), dirname(manifest.path), configs);
      if (config === "unsupported" || EMPTY_IMPORT.test(text)) return undefined;
      let stripped: string;
      let judged: string;
      try {
        stripped = strip(text);
        judged = (!config.verbatim && judgedOf.get(source)) || transformSync(text, { loader: "ts", ...esbuildOptions(config) }).code;
      } catch {
        // Not erasable (an enum, a namespace) or not TypeScript esbuild reads: Deno gets the TypeScript.
        return undefined;
      }
      if (addsHelpers(judged, text) || ACCESSOR.test(stripped)) return undefined;
      const kept = importedNames(judged);
      const js = withoutElided(stripped, kept);
      return sameModule(js, judged, kept) ? utf8.encode(js) : undefined;
    },
  };
}

/**
 * esbuild's output for each module, from one build of copies in a folder of this process's own (a
 * build reads files; none of the project's can change in between). Empty when the build fails (a
 * syntax error in one): each module then asks esbuild by itself.
 */
function judgeAll(modules: readonly { source: Uint8Array; loader: Loader }[]): Map<Uint8Array, string> {
  const out = new Map<Uint8Array, string>();
  const dir = mkdtempSync(join(tmpdir(), "pxos-deno-form-"));
  try {
    const entryPoints = modules.map((m, i) => {
      const file = join(dir, `${i}.${m.loader}`);
      writeFileSync(file, m.source);
      return file;
    });
    const { outputFiles } = buildSync({ entryPoints, outdir: join(dir, "out"), write: false, ...esbuildOptions({ verbatim: false }) });
    for (const file of outputFiles) {
      const module = modules[Number(basename(file.path).split(".")[0])];
      if (module) out.set(module.source, file.text);
    }
  } catch {
    out.clear();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** The configuration files from `dir` up to the project's root (`root`), as far as they set what Deno emits. */
function configOf(dir: string, root: string, seen: Map<string, Config>): Config {
  const known = seen.get(dir);
  if (known !== undefined) return known;
  const texts = CONFIGS.map((name) => join(dir, name)).flatMap((file) => (existsSync(file) ? [readFileSync(file, "utf8")] : []));
  const above: Config = dir === root || dirname(dir) === dir || !dir.startsWith(`${root}/`) ? { verbatim: false } : configOf(dirname(dir), root, seen);
  const config: Config =
    above === "unsupported" || texts.some((text) => EMIT_OPTIONS.test(text))
      ? "unsupported"
      : { verbatim: above.verbatim || texts.some((text) => VERBATIM.test(text)) };
  seen.set(dir, config);
  return config;
}
