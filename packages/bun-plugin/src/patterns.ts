/** The path filters Bun's `onResolve` and `onLoad` run on every specifier: regular expressions, as Bun wants them. */
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

type Trie = Map<string, Trie>;
const END = "\0";

/**
 * A pattern matching exactly these absolute paths, factored by path segment. A flat
 * alternation of a thousand paths is slow to compile (BENCHMARKS.md, Measured once); this is not.
 */
export function pathsPattern(paths: readonly string[]): string {
  const root: Trie = new Map();
  for (const path of paths) {
    let node = root;
    for (const segment of [...path.split("/"), END]) {
      if (!node.has(segment)) node.set(segment, new Map());
      node = node.get(segment) as Trie;
    }
  }
  // A segment may end a path, continue to deeper ones, or both (then the rest is optional).
  const emit = (node: Trie): string =>
    [...node]
      .filter(([segment]) => segment !== END)
      .map(([segment, child]) => {
        const deeper = [...child.keys()].some((k) => k !== END) ? `\\/(?:${emit(child)})` : "";
        return escapeRegExp(segment) + (deeper && child.has(END) ? `(?:${deeper})?` : deeper);
      })
      .join("|");
  return `^(?:${emit(root)})$`;
}

const MODULE_FILE = /(?:\/index)?\.(?:[cm]?[jt]sx?|json)$/;

/**
 * Each module path with any module extension, or as a folder's index, and each index module's
 * folder with one: the files Bun's resolution of `./x` could reach in place of a pixel module.
 */
export function shadowsPattern(paths: readonly string[]): string {
  const bases = new Set(paths.map((path) => path.replace(MODULE_FILE, "")));
  return `${pathsPattern([...bases]).slice(0, -1)}(?:\\/index)?\\.(?:[cm]?[jt]sx?|json)$`;
}
