/** A REPL driven as a person drives one: a line typed, then the answer awaited before the next. */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";

export interface Session {
  /** Types `line`, then waits until everything printed since contains `expected`; returns that output. */
  send(line: string, expected: string | RegExp): Promise<string>;
  /** Waits until everything printed so far contains `expected`. */
  until(expected: string | RegExp): Promise<string>;
  /** Ends the input (as Ctrl-D) and resolves to the exit code and all output. */
  close(): Promise<{ code: number | null; output: string }>;
}

/** Long enough for a cold runtime start on a loaded 2-core machine; a hang fails with what was printed. */
const PATIENCE_MS = 60_000;

/** `eol`: what Enter sends — "\n" down a pipe, "\r" into a terminal. */
export function startSession(command: string, args: string[], opts: { cwd: string; env?: Record<string, string>; eol?: string }): Session {
  const child: ChildProcessWithoutNullStreams = spawn(command, args, {
    cwd: opts.cwd,
    env: { ...process.env, NO_COLOR: "1", NODE_REPL_HISTORY: "", ...opts.env },
  });
  let output = "";
  let mark = 0;
  let exited: { code: number | null } | undefined;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of waiters) w();
  };
  child.stdout.on("data", (d) => {
    output += d;
    wake();
  });
  child.stderr.on("data", (d) => {
    output += d;
    wake();
  });
  child.on("close", (code) => {
    exited = { code };
    wake();
  });
  const until = (expected: string | RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const since = output.slice(mark);
        const found = typeof expected === "string" ? since.includes(expected) : expected.test(since);
        if (found) {
          waiters.delete(check);
          clearTimeout(timer);
          mark = output.length;
          resolve(since);
        } else if (exited) {
          waiters.delete(check);
          clearTimeout(timer);
          reject(new Error(`the REPL exited (${exited.code}) before printing ${expected}; it printed:\n${output}`));
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        child.kill();
        reject(new Error(`no ${expected} from the REPL; it printed:\n${output}`));
      }, PATIENCE_MS);
      waiters.add(check);
      check();
    });
  return {
    send(line, expected) {
      child.stdin.write(`${line}${opts.eol ?? "\n"}`);
      return until(expected);
    },
    until,
    close() {
      child.stdin.end();
      return new Promise((resolve) => {
        const done = () => exited && resolve({ code: exited.code, output });
        waiters.add(done);
        done();
      });
    },
  };
}

/** The same, in a pseudo-terminal (util-linux `script`): the REPL's line editing, colours and all. */
export function startTerminalSession(command: string, args: string[], opts: { cwd: string; env?: Record<string, string> }): Session {
  const quoted = [command, ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(" ");
  return startSession("script", ["-qfec", quoted, "/dev/null"], { ...opts, eol: "\r" });
}
