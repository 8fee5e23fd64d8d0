/** The Bun plugin's path filter: exactly the manifest's paths, factored by segment. */
import { expect, test } from "bun:test";
import fc from "fast-check";
import { pathsPattern } from "../../packages/bun-plugin/src/patterns.ts";

test("matches every given path and nothing else: no prefixes, extensions or siblings", () => {
  const segment = fc.stringMatching(/^[a-z0-9._()+$-]{1,6}$/).filter((s) => s !== "." && s !== "..");
  fc.assert(
    fc.property(
      fc.uniqueArray(
        fc.array(segment, { minLength: 1, maxLength: 4 }).map((segs) => `/app/${segs.join("/")}`),
        { minLength: 1, maxLength: 40 },
      ),
      (paths) => {
        const re = new RegExp(pathsPattern(paths));
        for (const path of paths) {
          expect(re.test(path)).toBe(true);
          if (!paths.includes(`${path}x`)) expect(re.test(`${path}x`)).toBe(false);
          if (!paths.includes(`${path}/x`)) expect(re.test(`${path}/x`)).toBe(false);
        }
        expect(re.test("/app")).toBe(paths.includes("/app"));
        expect(re.test("/elsewhere/a")).toBe(false);
      },
    ),
    { numRuns: 200, seed: 7 },
  );
});

test("a path in the root folder, or with no folder at all, matches as given", () => {
  const re = new RegExp(pathsPattern(["/main.ts", "C:\\app\\main.ts", "/app/a.ts"]));
  for (const path of ["/main.ts", "C:\\app\\main.ts", "/app/a.ts"]) expect(re.test(path)).toBe(true);
  for (const path of ["/main.tsx", "C:\\app\\main", "/app", "/a.ts", "main.ts"]) expect(re.test(path)).toBe(false);
});
