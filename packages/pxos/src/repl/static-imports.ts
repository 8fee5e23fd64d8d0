/**
 * node:repl evaluates scripts, where `import … from` is a syntax error. A line that is only static
 * imports becomes the dynamic imports that bind the same names — through the same loader, so from
 * the pixels — with `var`, as a REPL line can be entered again. Anything else is left as typed.
 */
const STATEMENT = /^\s*import\s+(?:(?:([\w$]+)\s*(?:,\s*)?)?(?:\*\s*as\s+([\w$]+)|\{([^}]*)\})?\s*from\s*)?(["'][^"']+["'])\s*(?:with\s*(\{[^}]*\}))?\s*;?\s*$/;

export function dynamicImports(code: string): string {
  const lines = code.split("\n").filter((line) => line.trim() !== "");
  if (lines.length === 0 || !lines.every((line) => /^\s*import[\s{*"']/.test(line) && !/^\s*import\s*\(/.test(line))) return code;
  const converted = lines.map(convert);
  return converted.every((line) => line !== undefined) ? `${converted.join("\n")}\n` : code;
}

function convert(line: string): string | undefined {
  const m = STATEMENT.exec(line);
  if (!m) return undefined;
  const [, defaultName, namespace, named, specifier, attributes] = m;
  const load = `await import(${specifier}${attributes ? `, { with: ${attributes} }` : ""})`;
  if (namespace) return `var ${namespace} = ${load};${defaultName ? ` var ${defaultName} = ${namespace}.default;` : ""}`;
  const names = [
    ...(defaultName ? [`default: ${defaultName}`] : []),
    ...(named ?? "")
      .split(",")
      .map((n) => n.trim())
      .filter(Boolean)
      .map((n) => n.replace(/^(\S+)\s+as\s+(\S+)$/, "$1: $2")),
  ];
  // `import "x"` (no names) only runs the module; `import {} from "x"` likewise.
  return names.length ? `var { ${names.join(", ")} } = ${load};` : `${load};`;
}
