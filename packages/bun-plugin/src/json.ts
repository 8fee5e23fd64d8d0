/**
 * A JSON module as Bun makes one (its runtime onLoad parses `loader: "json"` contents as
 * JavaScript): the value as the default export, what require() gets too (`"module.exports"`), an
 * object's top-level keys as named exports, as `import { version } from "./package.json"` takes
 * them, and any other value marked `__esModule`. Text that is not JSON gives a module whose
 * JSON.parse fails as it is evaluated, naming the module. `pxos encode` derives it (derive.ts), so a
 * run parses the JSON once, as it evaluates the module.
 *
 * @example
 * jsonModule('{ "version": "1.0.0" }')
 * // 'const json = JSON.parse("…");const __pxos_0 = json["version"];\nexport { json as default, json as "module.exports", __pxos_0 as "version" };\n'
 */

/** What no export name may hold. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The value of JSON text, or undefined for text that is not JSON. */
export function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** `parsed`: the text's value, where the caller has parsed it already. */
export function jsonModule(text: string, parsed = parseJson(text)): string {
  // Text that is not JSON: its own JSON.parse throws.
  const value = parsed?.value;
  const object = value !== null && typeof value === "object" && !Array.isArray(value);
  const keys = object ? Object.keys(value as object).filter((key) => key !== "default" && key !== "module.exports" && !LONE_SURROGATE.test(key)) : [];
  const code = [`const json = JSON.parse(${JSON.stringify(text)});`, ...keys.map((key, i) => `const __pxos_${i} = json[${JSON.stringify(key)}];`)];
  const names = ["json as default", 'json as "module.exports"', ...keys.map((key, i) => `__pxos_${i} as ${JSON.stringify(key)}`)];
  // Bun marks any other JSON module `__esModule`.
  if (!object) code.push("export const __esModule = true;");
  return `${code.join("")}\nexport { ${names.join(", ")} };\n`;
}
