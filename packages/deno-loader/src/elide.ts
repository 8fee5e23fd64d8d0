/**
 * TypeScript's import elision, done where the imports are and keeping every position: from
 * stripped JavaScript (its types blanked) and the names another compiler's output still imports,
 * each other binding is blanked with its comma, and a declaration left binding nothing is blanked
 * whole, as TypeScript drops it. es-module-lexer finds the declarations; each clause is read here.
 *
 * @example
 * withoutElided('import { T, f } from "./a.ts";\nf();\n', new Set(["f"]))
 * // 'import {    f } from "./a.ts";\nf();\n'
 */
import { init, parse } from "es-module-lexer";

await init;

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
const BARE_IMPORT = /import\s*["']/y;

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
export function importedNames(js: string): Set<string> {
  return new Set(importDeclarations(js).flatMap((d) => d.bindings.map((b) => b.local)));
}

/** Blank what lies between `start` and `end`, newlines kept. */
const blank = (text: string, start: number, end: number) => text.slice(0, start) + text.slice(start, end).replace(/[^\n]/g, " ") + text.slice(end);

/**
 * `js` with every import binding not in `kept` blanked (with its comma), and a declaration that binds
 * nothing then blanked whole, as TypeScript drops it.
 */
export function withoutElided(js: string, kept: Set<string>): string {
  let out = js;
  // From the last declaration back, so the positions of the earlier ones hold.
  for (const declaration of importDeclarations(js).reverse()) {
    const { bindings } = declaration;
    // `import "x"` stays; `import {        } from "x"` (its specifiers were types) goes, as TypeScript drops it.
    BARE_IMPORT.lastIndex = declaration.start;
    if (bindings.length === 0 && BARE_IMPORT.test(js)) continue;
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

/** Do `js` and esbuild's `judged` (which imports the names `judgedNames`) import and export the same, to the name? */
export function sameModule(js: string, judged: string, judgedNames: Set<string>): boolean {
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
  const names = (set: Set<string>) => [...set].sort().join("\n");
  return imports(ours) === imports(theirs) && exports(ours) === exports(theirs) && names(importedNames(js)) === names(judgedNames);
}
