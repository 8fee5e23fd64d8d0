/**
 * Deno's JavaScript for a TypeScript ES module, derived by `pxos encode` and bound to the manifest
 * (core's cache/derived-pack.ts): the mirror serves it in the module's place (mirror.ts), so Deno
 * runs JavaScript instead of looking up its emit of TypeScript for each module (BENCHMARKS.md).
 * Every line and column stays where it was — the types blanked by amaro (Node's own stripper, from
 * npm: any runtime may run the encode), then the imports TypeScript drops (those only types use)
 * blanked too — so stack traces need no
 * source map, which Deno would read for every module it loads. esbuild, which drops imports as
 * TypeScript does, is the judge: a form whose imports and exports are not esbuild's is not kept,
 * nor one of syntax Deno lowers (decorators, auto-accessors, `using`), nor one under a
 * configuration in the project that changes Deno's emit otherwise than `verbatimModuleSyntax`
 * (then every import stays as written).
 *
 * @example
 * import { denoForm } from "@pxos/deno-loader/derive";
 * encodeProject({ root, cacheDir, derive: [denoForm()] });
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { DENO_FORM, type Deriver, type Loader } from "@pxos/core/runtime";
import { transformSync as strip } from "amaro";
import { init, parse } from "es-module-lexer";
import { buildSync, transformSync } from "esbuild";

await init;

/**
 * What Deno's emit lowers and V8 may not run as written: decorators and `using`, which esbuild is
 * told to lower too, so its helpers show them (where a `@` in a string or a JSDoc tag shows nothing);
 * auto-accessors, which it lowers without helpers, are looked for in the stripped text. Such a module
 * keeps its TypeScript.
 */
const ESBUILD_HELPER = /^var __\w+ = /m;
const ACCESSOR = /\baccessor\s+[A-Za-z_$#[]/;
/** `import {} from`: TypeScript's elision of it differs between compilers, so such a module keeps its TypeScript. */
const EMPTY_IMPORT = /\bimport\s*\{\s*\}/;
/** Configuration keys that change what Deno emits beyond what this form follows (or may, through `extends`). */
const EMIT_OPTIONS = /"(?:experimentalDecorators|emitDecoratorMetadata|useDefineForClassFields|preserveValueImports|importsNotUsedAsValues|jsx\w*|extends)"/;
/** The one it follows: imports kept as written, as amaro keeps them, and as esbuild is then told to. */
const VERBATIM = /"verbatimModuleSyntax"\s*:\s*true/;
const CONFIGS = ["deno.json", "deno.jsonc", "tsconfig.json"];

const fromUtf8 = new TextDecoder("utf-8", { fatal: true });
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

export function denoForm(): Deriver {
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
      let text: string;
      try {
        text = fromUtf8.decode(source);
      } catch {
        return undefined;
      }
      const config = configOf(dirname(path), dirname(manifest.path), configs);
      if (config === "unsupported" || EMPTY_IMPORT.test(text)) return undefined;
      let stripped: string;
      let judged: string;
      try {
        stripped = strip(text, { mode: "strip-only" }).code;
        judged = (!config.verbatim && judgedOf.get(source)) || transformSync(text, { loader: "ts", ...esbuildOptions(config) }).code;
      } catch {
        // Not erasable (an enum, a namespace) or not TypeScript esbuild reads: Deno gets the TypeScript.
        return undefined;
      }
      if ((ESBUILD_HELPER.test(judged) && !ESBUILD_HELPER.test(text)) || ACCESSOR.test(stripped)) return undefined;
      const js = withoutElided(stripped, importedNames(judged));
      return sameModule(js, judged) ? utf8.encode(js) : undefined;
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

interface Binding {
  local: string;
  /** Where the binding's text starts and ends, and the end with the comma after it (when one follows). */
  start: number;
  end: number;
  withComma: number;
}

/** The static import declarations of `js`: where each is and what it binds (none for `import "x"`). */
function importDeclarations(js: string): { start: number; end: number; bindings: Binding[] }[] {
  const declarations = [];
  for (const spec of parse(js)[0]) {
    if (spec.type !== "static" || !js.startsWith("import", spec.importStart)) continue;
    // The keyword nearest the specifier's opening quote (a binding may be called `from`).
    const from = js.lastIndexOf("from", spec.start - 2);
    const bindings = from > spec.importStart ? clauseBindings(js, spec.importStart + "import".length, from) : [];
    declarations.push({ start: spec.importStart, end: spec.importEnd, bindings });
  }
  return declarations;
}

const NAME = /[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*/y;

/** The bindings of an import clause between `start` and `end`: `A`, `* as ns`, `{ a, b as c, "d" as e }`. */
function clauseBindings(js: string, start: number, end: number): Binding[] {
  const bindings: Binding[] = [];
  let at = start;
  const skip = () => {
    while (at < end && /\s/.test(js[at] as string)) at++;
  };
  const comma = (from: number) => {
    let i = from;
    while (i < end && /\s/.test(js[i] as string)) i++;
    return js[i] === "," ? i + 1 : from;
  };
  skip();
  while (at < end) {
    const begin = at;
    if (js[at] === "{") {
      const close = js.indexOf("}", at);
      for (const part of splitTopLevel(js, at + 1, close)) {
        const local = lastName(js.slice(part[0], part[1]));
        if (local) bindings.push({ local, start: part[0], end: part[1], withComma: part[2] });
      }
      at = close + 1;
    } else {
      if (js.startsWith("*", at)) at = js.indexOf("as", at) + 2;
      skip();
      NAME.lastIndex = at;
      const name = NAME.exec(js)?.[0];
      if (!name) return [];
      at += name.length;
      bindings.push({ local: name, start: begin, end: at, withComma: comma(at) });
    }
    at = comma(at);
    skip();
  }
  return bindings;
}

/** The specifiers of a named-imports list between `start` and `end` (the braces'), each with its comma's end. */
function splitTopLevel(js: string, start: number, end: number): [number, number, number][] {
  const parts: [number, number, number][] = [];
  let from = start;
  let quote: string | undefined;
  for (let i = start; i <= end; i++) {
    const c = js[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "," || i === end) {
      const text = js.slice(from, i);
      const lead = text.length - text.trimStart().length;
      if (text.trim()) parts.push([from + lead, from + text.trimEnd().length, c === "," ? i + 1 : i]);
      from = i + 1;
    }
  }
  return parts;
}

/** `b as c` → `c`, `a` → `a`. */
function lastName(specifier: string): string | undefined {
  const words = specifier.trim().split(/\s+/);
  return words.length === 1 || words[words.length - 2] === "as" ? words[words.length - 1] : undefined;
}

/** Every name the static imports of `js` bind. */
function importedNames(js: string): Set<string> {
  return new Set(importDeclarations(js).flatMap((d) => d.bindings.map((b) => b.local)));
}

/** Blank what lies between `start` and `end`, newlines kept. */
const blank = (text: string, start: number, end: number) => text.slice(0, start) + text.slice(start, end).replace(/[^\n]/g, " ") + text.slice(end);

/**
 * `js` with every import binding not in `kept` blanked (with its comma), and a declaration that binds
 * nothing then blanked whole, as TypeScript drops it.
 */
function withoutElided(js: string, kept: Set<string>): string {
  let out = js;
  // From the last declaration back, so the positions of the earlier ones hold.
  for (const declaration of importDeclarations(js).reverse()) {
    const { bindings } = declaration;
    // `import "x"` stays; `import {        } from "x"` (its specifiers were types) goes, as TypeScript drops it.
    if (bindings.length === 0 && /^import\s*["']/.test(js.slice(declaration.start))) continue;
    const dropped = bindings.filter((b) => !kept.has(b.local));
    if (dropped.length === bindings.length) {
      out = blank(out, declaration.start, declaration.end);
      continue;
    }
    for (const b of dropped.reverse()) out = blank(out, b.start, b.withComma);
    // `A, * as ns` with `ns` dropped leaves `A,`: the comma before the namespace goes too.
    out = out.slice(0, declaration.start) + out.slice(declaration.start, declaration.end).replace(/,(\s*)from\b/, " $1from") + out.slice(declaration.end);
  }
  return out;
}

/** Do `js` and esbuild's `judged` import and export the same, to the name? */
function sameModule(js: string, judged: string): boolean {
  let ours: ReturnType<typeof parse>;
  let theirs: ReturnType<typeof parse>;
  try {
    ours = parse(js);
    theirs = parse(judged);
  } catch {
    return false;
  }
  const imports = (p: ReturnType<typeof parse>) => p[0].map((i) => `${i.type} ${i.specifier}`).join("\n");
  const exports = (p: ReturnType<typeof parse>) =>
    p[1]
      .map((e) => (e.type === "reexport-all" ? "*" : e.name))
      .sort()
      .join("\n");
  const names = (text: string) => [...importedNames(text)].sort().join("\n");
  return imports(ours) === imports(theirs) && exports(ours) === exports(theirs) && names(js) === names(judged);
}
