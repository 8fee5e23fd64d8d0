/** The module kinds pxos encodes, keyed by file extension. */
export const LOADERS = ["ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs", "json"] as const;
export type Loader = (typeof LOADERS)[number];

const DECLARATION = /\.d\.[mc]?ts$/;

/**
 * The loader for a path, or undefined when pxos does not encode it
 * (other extensions, and `.d.ts` declarations, which never run).
 *
 * @example
 * loaderFor("src/app.tsx") // "tsx"
 */
export function loaderFor(path: string): Loader | undefined {
  if (DECLARATION.test(path)) return undefined;
  const dot = path.lastIndexOf(".");
  const ext = dot < 0 ? "" : path.slice(dot + 1);
  return (LOADERS as readonly string[]).includes(ext) ? (ext as Loader) : undefined;
}

export function isLoader(value: unknown): value is Loader {
  return typeof value === "string" && (LOADERS as readonly string[]).includes(value);
}
