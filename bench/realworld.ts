/**
 * Boot time of the real-world corpus (tests/realworld): each case from plain files and from
 * pixels (its sources stubbed, so nothing on disk can quietly run), A B A B…, medians of whole
 * processes. A case is timed only where its pixels print what its plain files print.
 */
import { spawnSync } from "node:child_process";
import { CASES } from "../tests/realworld/cases.ts";
import { PLAIN_FAILS } from "../tests/realworld/known-failures.ts";
import { invocation, prepare, RUNTIMES, type Runtime, run } from "../tests/realworld/project.ts";
import { median } from "./boot.ts";

export interface RealWorldRow {
  name: string;
  runtime: Runtime;
  /** Medians in ms, or why the case is not timed there. */
  timing: { plain: number; pixels: number } | string;
}

/** Wall time of the last command of a run (Deno's import map and Node's cache-filling run are made beforehand, untimed). */
function timed(command: string[], dir: string, env: Record<string, string | undefined>): number {
  const [cmd, ...args] = command;
  const start = performance.now();
  const result = spawnSync(cmd as string, args, { cwd: dir, env, stdio: "ignore" });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command.join(" ")} in ${dir}: exit ${result.status}`);
  return ms;
}

export function realWorldRows(rounds = 7): RealWorldRow[] {
  const rows: RealWorldRow[] = [];
  for (const spec of CASES) {
    for (const runtime of RUNTIMES) {
      if (PLAIN_FAILS[spec.name]?.[runtime]) {
        rows.push({ name: spec.name, runtime, timing: "plain fails" });
        continue;
      }
      const plainDir = prepare(spec, runtime, "plain");
      const pixelDir = prepare(spec, runtime, "stubbed");
      const plain = run(spec, runtime, "plain", plainDir);
      const pixels = run(spec, runtime, "stubbed", pixelDir);
      if (pixels.status !== plain.status || pixels.stdout !== plain.stdout) {
        rows.push({ name: spec.name, runtime, timing: "pixels differ from plain" });
        continue;
      }
      const a = invocation(spec, runtime, "plain");
      const b = invocation(spec, runtime, "stubbed");
      const plainRun = () => timed(a.commands.at(-1)!, plainDir, a.env);
      const pixelRun = () => timed(b.commands.at(-1)!, pixelDir, b.env);
      // Two warm-ups each, as the boot table does: the first fills pxos's cache and the runtimes' own.
      for (let i = 0; i < 2; i++) {
        plainRun();
        pixelRun();
      }
      const plainMs: number[] = [];
      const pixelMs: number[] = [];
      for (let r = 0; r < rounds; r++) {
        plainMs.push(plainRun());
        pixelMs.push(pixelRun());
      }
      rows.push({ name: spec.name, runtime, timing: { plain: median(plainMs), pixels: median(pixelMs) } });
    }
  }
  return rows;
}
