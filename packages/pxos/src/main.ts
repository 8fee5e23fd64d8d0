/** `pxos` — one entry for every workflow; each subcommand lives in ./commands. */
import { parseArgs } from "node:util";
import { errnoReason, isDebug, isPxosError, PxosError } from "@pxos/core";
// deno.json, not package.json: the JSR package carries no package.json (tests/unit/jsr.test.ts keeps the versions equal).
import pkg from "../deno.json" with { type: "json" };
import type { Command } from "./command.ts";
import { decode } from "./commands/decode.ts";
import { encode } from "./commands/encode.ts";
import { extract } from "./commands/extract.ts";
import { importMap } from "./commands/import-map.ts";
import { info } from "./commands/info.ts";
import { inspect } from "./commands/inspect.ts";
import { keygen } from "./commands/keygen.ts";
import { list } from "./commands/list.ts";
import { pack } from "./commands/pack.ts";
import { render } from "./commands/render.ts";
import { repl } from "./commands/repl.ts";
import { run } from "./commands/run.ts";
import { sign } from "./commands/sign.ts";
import { stats } from "./commands/stats.ts";
import { unpack } from "./commands/unpack.ts";
import { verify } from "./commands/verify.ts";
import { view } from "./commands/view.ts";
import { type Io, processIo, red } from "./io.ts";

// `pxos repl` starts these inside the runtime it runs (commands/repl.ts): in the bundle, from this file.
export { installDenoHelpers } from "./repl/deno.ts";
export { startReplSession } from "./repl/session.ts";

export const COMMANDS: readonly Command[] = [
  encode,
  run,
  repl,
  pack,
  unpack,
  inspect,
  list,
  stats,
  verify,
  extract,
  render,
  view,
  decode,
  info,
  importMap,
  keygen,
  sign,
];

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `pxos ${pkg.version} — source code that lives in pixels

Usage: pxos <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Options:
  -h, --help         show help (also: pxos <command> --help)
  -v, --version      print the version

Exit codes: 0 ok, 1 failure, 2 usage. PXOS_DEBUG=1 adds stack traces to errors.
`;
}

export function commandHelp(c: Command): string {
  return `Usage: ${c.usage}\n\n${c.summary[0]?.toUpperCase()}${c.summary.slice(1)}.\n\nOptions:\n${c.help}\n  -h, --help         show this help\n`;
}

/**
 * Run the CLI; resolves to the exit code.
 *
 * @example
 * process.exitCode = await main(["encode", "examples/hello"]);
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "-h" || name === "--help" || name === "help") {
    io.out(mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === "-v" || name === "--version") {
    io.out(`${pkg.version}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new PxosError("USAGE", `unknown command "${name}" (see pxos --help)`);
    const { values, positionals } = parseCommandArgs(command, rest);
    if (values.help) {
      io.out(commandHelp(command));
      return 0;
    }
    return await command.run(values, positionals, io);
  } catch (err) {
    return report(err, io);
  }
}

function parseCommandArgs(command: Command, args: string[]) {
  try {
    return parseArgs({ args, options: { ...command.options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (cause) {
    throw new PxosError("USAGE", `${(cause as Error).message.split("\n")[0]} (see pxos ${command.name} --help)`, undefined, { cause });
  }
}

function report(err: unknown, io: Io): number {
  const debug = isDebug();
  // A runtime's file error that escaped every command still reads as pxos's one line: file, cause, code.
  const errno = err as NodeJS.ErrnoException;
  const message = isPxosError(err)
    ? err.message
    : errno?.code && errno.path
      ? `${errno.path}: ${errnoReason(err)} [IO]`
      : err instanceof Error
        ? err.message
        : String(err);
  io.err(`${red(io, "pxos:")} ${message}\n`);
  if (debug && err instanceof Error && err.stack) io.err(`${err.stack}\n`);
  return isPxosError(err, "USAGE") ? 2 : 1;
}
