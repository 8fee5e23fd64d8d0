/** The path filters Bun's `onResolve` and `onLoad` run on every specifier: regular expressions, as Bun wants them. */
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** A folder: the names of the paths in it, and its subfolders holding any. */
interface Folder {
  names: string[];
  folders: Map<string, Folder>;
}

/**
 * A pattern matching exactly these absolute paths, factored by folder. A flat alternation of a
 * thousand paths is slow to compile (BENCHMARKS.md, Measured once); this is not. Built on every
 * start-up before any module loads: only the folders are split into segments, and each folder's
 * names are escaped in one go.
 */
export function pathsPattern(paths: readonly string[]): string {
  const byFolder = new Map<string | undefined, string[]>();
  for (const path of paths) {
    const cut = path.lastIndexOf("/");
    const folder = cut < 0 ? undefined : path.slice(0, cut);
    const names = byFolder.get(folder);
    if (names) names.push(path.slice(cut + 1));
    else byFolder.set(folder, [path.slice(cut + 1)]);
  }
  const root: Folder = { names: [], folders: new Map() };
  for (const [folder, names] of byFolder) {
    let node = root;
    for (const segment of folder === undefined ? [] : folder.split("/")) {
      let child = node.folders.get(segment);
      if (!child) {
        child = { names: [], folders: new Map() };
        node.folders.set(segment, child);
      }
      node = child;
    }
    node.names.push(...names);
  }
  // NUL cannot be in a path, so it stands for the `|` between names until they are escaped.
  const emit = (node: Folder): string => {
    let out = node.names.length > 0 ? escapeRegExp(node.names.join("\0")).replaceAll("\0", "|") : "";
    for (const [segment, child] of node.folders) out += `${out ? "|" : ""}${escapeRegExp(segment)}\\/(?:${emit(child)})`;
    return out;
  };
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
