/**
 * `npm run fuzz [-- RUNS [SEED]]`: the fuzz targets at length. Prints, per
 * target, the inputs tried and what became of them, the time taken and the
 * peak memory; exits 1 on the first input that breaks the property (its seed
 * and path are printed by fast-check, so it replays).
 */
import fc from "fast-check";
import { TARGETS } from "../tests/fuzz/targets.ts";

const runs = Number(process.argv[2] ?? 20_000);
const seed = Number(process.argv[3] ?? 20261128);
let peak = process.memoryUsage().rss;
for (const target of TARGETS) {
  const outcomes = new Map<string, number>();
  const start = performance.now();
  fc.assert(
    fc.property(target.arbitrary, (input) => {
      const o = target.run(input);
      outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
      peak = Math.max(peak, process.memoryUsage().rss);
    }),
    { numRuns: target.name === "manifest" ? Math.ceil(runs / 10) : runs, seed },
  );
  const tally = [...outcomes]
    .sort((a, b) => b[1] - a[1])
    .map(([o, n]) => `${o} ${n}`)
    .join(", ");
  const total = [...outcomes.values()].reduce((a, b) => a + b, 0);
  console.log(`${target.name}: ${total} inputs in ${((performance.now() - start) / 1000).toFixed(1)} s — ${tally}`);
}
console.log(`seed ${seed}; peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB; no input escaped the PxosError contract`);
