import type { ParseArgsConfig } from "node:util";
import type { Io } from "./io.ts";

export type Options = NonNullable<ParseArgsConfig["options"]>;

/** What `parseArgs` gives for one declared flag. */
type FlagValue<F> = F extends { type: "boolean" }
  ? F extends { multiple: true }
    ? boolean[]
    : boolean
  : F extends { type: "string" }
    ? F extends { multiple: true }
      ? string[]
      : string
    : string | boolean | string[] | boolean[];

/** A command's parsed flags, typed by their declaration: each is absent when not given. */
export type Values<T extends Options> = { [K in keyof T]?: FlagValue<T[K]> };

/** One `pxos` subcommand: its help text, its options for `parseArgs`, and what it does. */
export interface Command<T extends Options = Options> {
  name: string;
  summary: string;
  usage: string;
  /** Help text for the options, one line each. */
  help: string;
  options: T;
  /** Exit code: 0 ok, 1 failure. Usage mistakes throw a USAGE PxosError (exit 2). */
  run(values: Values<T>, positionals: string[], io: Io): number | Promise<number>;
}

/**
 * A command whose flags are declared once, in `options`, and typed from there in `run`.
 *
 * @example
 * export const hello = defineCommand({ name: "hello", summary: "…", usage: "pxos hello [--to NAME]", help: "…",
 *   options: { to: { type: "string" } }, run: (values, _, io) => (io.out(`hello ${values.to ?? "world"}\n`), 0) });
 */
export function defineCommand<const T extends Options>(command: Command<T>): Command<T> {
  return command;
}
