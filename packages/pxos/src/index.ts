/** The `pxos` package: the command line, callable in-process — and a program when run itself (`deno run -A jsr:@pxos/cli`). */
import { main } from "./main.ts";

export { COMMANDS, main } from "./main.ts";

// No top-level await: Node's require() of this module would refuse it.
if (import.meta.main)
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
