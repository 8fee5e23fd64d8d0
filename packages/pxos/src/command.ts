import type { ParseArgsConfig } from "node:util";
import type { Io } from "./io.ts";

export type Options = NonNullable<ParseArgsConfig["options"]>;

/** One `pxos` subcommand: its help text, its options for `parseArgs`, and what it does. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Help text for the options, one line each. */
  help: string;
  options: Options;
  /** Exit code: 0 ok, 1 failure. Usage mistakes throw a USAGE PxosError (exit 2). */
  run(values: Record<string, unknown>, positionals: string[], io: Io): number | Promise<number>;
}
