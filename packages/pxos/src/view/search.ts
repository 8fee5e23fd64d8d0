/**
 * Fuzzy search over module paths: the query's characters in order, anywhere
 * in the path (case folded). Runs of adjacent matches, matches at the start
 * of a segment and matches in the file name score higher; then shorter paths.
 */

export function fuzzyScore(query: string, path: string): number {
  const q = query.toLowerCase();
  const p = path.toLowerCase();
  const base = p.lastIndexOf("/") + 1;
  let score = 0;
  let at = -1;
  let run = 0;
  for (const ch of q) {
    const found = p.indexOf(ch, at + 1);
    if (found < 0) return -1;
    run = found === at + 1 ? run + 1 : 0;
    score += 1 + run * 2 + (found === 0 || "/._-".includes(p[found - 1] as string) ? 3 : 0) + (found >= base ? 2 : 0);
    at = found;
  }
  return score - path.length * 0.01;
}

/** The `limit` best matches' indices into `paths`, best first. */
export function search(query: string, paths: readonly string[], limit = 12): number[] {
  if (query.trim() === "") return [];
  const hits: { i: number; score: number }[] = [];
  paths.forEach((path, i) => {
    const score = fuzzyScore(query.trim(), path);
    if (score >= 0) hits.push({ i, score });
  });
  return hits
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, limit)
    .map((h) => h.i);
}
