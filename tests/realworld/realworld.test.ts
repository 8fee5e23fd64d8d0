/**
 * The real-world corpus (tests/realworld/cases.ts) on every runtime: each case runs plain with
 * the runtime's own command, then from pixels with its sources deleted, and with its sources
 * replaced by stubs that fail if they ever run (a disk copy quietly winning shows there). From
 * pixels, stdout and the exit code must be those of the plain run on the same runtime.
 */
import { describe, expect, test } from "bun:test";
import { CASES, type RealWorldCase } from "./cases.ts";
import { KNOWN_FAILURES, PLAIN_FAILS } from "./known-failures.ts";
import { MODES, prepare, RUNTIMES, type RunResult, type Runtime, run, STUB_MARK } from "./project.ts";

const plainRuns = new Map<string, RunResult>();

function plain(spec: RealWorldCase, runtime: Runtime): RunResult {
  const key = `${spec.name} ${runtime}`;
  let result = plainRuns.get(key);
  if (!result) {
    result = run(spec, runtime, "plain", prepare(spec, runtime, "plain"));
    plainRuns.set(key, result);
  }
  return result;
}

/** Building and encoding a case's project comes first in whichever test asks for it; a loaded 2-core machine needs room. */
const TIMEOUT = 180_000;
const report = (result: RunResult) => `\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;

for (const spec of CASES) {
  describe(`realworld ${spec.name}: ${spec.shape}`, () => {
    for (const runtime of RUNTIMES) {
      const plainFails = PLAIN_FAILS[spec.name]?.[runtime];
      if (plainFails) {
        test(
          `${runtime} plain fails, so pixels are not compared: ${plainFails}`,
          () => {
            expect(plain(spec, runtime).status, "the plain run succeeds now: drop its PLAIN_FAILS entry").not.toBe(0);
          },
          TIMEOUT,
        );
        continue;
      }
      test(
        `${runtime} plain runs the driver to its end`,
        () => {
          const result = plain(spec, runtime);
          expect(result.status, report(result)).toBe(0);
          expect(result.stdout, report(result)).toEndWith("done\n");
        },
        TIMEOUT,
      );
      for (const mode of MODES) {
        const known = KNOWN_FAILURES[spec.name]?.[`${runtime} ${mode}`];
        (known ? test.failing : test)(
          `${runtime} pixels, sources ${mode}: same stdout and exit code as plain${known ? ` (known: ${known})` : ""}`,
          () => {
            const expected = plain(spec, runtime);
            // Two failures that look alike prove nothing: pixels are compared with a plain run that worked.
            expect(expected.status, `plain failed${report(expected)}`).toBe(0);
            const result = run(spec, runtime, mode, prepare(spec, runtime, mode));
            expect(result.stdout, report(result)).toBe(expected.stdout);
            expect(result.status, report(result)).toBe(expected.status);
            expect(result.stdout + result.stderr, report(result)).not.toContain(STUB_MARK);
          },
          TIMEOUT,
        );
      }
    }
  });
}

test("every known-failure entry names a case, a runtime and a mode the corpus runs", () => {
  const names = new Set(CASES.map((c) => c.name));
  const runs = new Set(RUNTIMES.flatMap((r) => MODES.map((m) => `${r} ${m}`)));
  for (const [name, entries] of Object.entries(KNOWN_FAILURES)) {
    expect(names).toContain(name);
    for (const key of Object.keys(entries)) {
      expect(runs).toContain(key);
      expect(PLAIN_FAILS[name]?.[key.split(" ")[0] as string], `${name} ${key}: pixels are not compared where plain fails`).toBeUndefined();
    }
  }
  for (const [name, entries] of Object.entries(PLAIN_FAILS)) {
    expect(names).toContain(name);
    for (const runtime of Object.keys(entries)) expect(RUNTIMES as readonly string[]).toContain(runtime);
  }
});
