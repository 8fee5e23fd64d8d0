/** The `pxos` package: the command line, callable in-process. */
export { COMMANDS, main } from "./main.ts";
