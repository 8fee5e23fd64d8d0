/** The short fuzz run in `npm test` (seeded, reproducible); `npm run fuzz` runs the same targets far longer. */
import { expect, test } from "bun:test";
import fc from "fast-check";
import { TARGETS } from "./targets.ts";

test.each(TARGETS.map((t) => [t.name, t] as const))(
  "%s: every input decodes exactly or raises a PxosError",
  (_, target) => {
    const outcomes = new Map<string, number>();
    fc.assert(
      fc.property(target.arbitrary, (input) => {
        const o = target.run(input);
        outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
      }),
      { numRuns: 250, seed: 42 },
    );
    // The generators reach more than one outcome: they are not all rejected at the first check.
    expect(outcomes.size).toBeGreaterThan(1);
  },
  60_000,
);
