/** node:repl refuses `import … from`: pxos repl turns a line of static imports into the dynamic imports that bind the same names. */
import { expect, test } from "bun:test";
import { dynamicImports } from "../../packages/pxos/src/repl/static-imports.ts";

test("each form of static import binds the same names through a dynamic import", () => {
  expect(dynamicImports('import { a, b as c } from "./m.ts"')).toBe('var { a, b: c } = await import("./m.ts");\n');
  expect(dynamicImports("import d from './m.ts';")).toBe("var { default: d } = await import('./m.ts');\n");
  expect(dynamicImports('import d, { a } from "./m.ts"')).toBe('var { default: d, a } = await import("./m.ts");\n');
  expect(dynamicImports('import * as ns from "./m.ts"')).toBe('var ns = await import("./m.ts");\n');
  expect(dynamicImports('import d, * as ns from "./m.ts"')).toBe('var ns = await import("./m.ts"); var d = ns.default;\n');
  expect(dynamicImports('import "./side-effect.ts"')).toBe('await import("./side-effect.ts");\n');
  expect(dynamicImports('import data from "./d.json" with { type: "json" }')).toBe(
    'var { default: data } = await import("./d.json", { with: { type: "json" } });\n',
  );
  expect(dynamicImports('import { a } from "./a.ts"\nimport { b } from "./b.ts"')).toBe(
    'var { a } = await import("./a.ts");\nvar { b } = await import("./b.ts");\n',
  );
});

test("anything else is left as typed", () => {
  for (const line of [
    'await import("./m.ts")',
    'import("./m.ts")',
    "important()",
    'import { a } from "./a.ts"; a()',
    'const x = 1;\nimport { a } from "./a.ts"',
  ])
    expect(dynamicImports(line)).toBe(line);
});
