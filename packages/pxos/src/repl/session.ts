/**
 * The REPL `pxos repl` starts on Node and Bun: node:repl (history, completion, top-level await and
 * multi-line input as the runtime's own REPL gives them) inside a process the adapter was preloaded
 * into, with the pixel commands as dot-commands.
 */
import { homedir } from "node:os";
import { basename, join } from "node:path";
import repl, { type REPLServer } from "node:repl";
import { isPxosError } from "@pxos/core";
import { banner, edit, pixels, reloadTarget, type SessionSource, show, stats } from "./actions.ts";
import { dynamicImports } from "./static-imports.ts";

/** What a runtime's session needs beyond node:repl: which modules it loaded, and a module's fresh instance. */
export interface Fresh {
  loaded(path: string): boolean;
  /** Called after an `.edit`: later imports see the new pixels. */
  refresh(): void;
  load(path: string): Promise<unknown>;
}

export async function startReplSession(source: SessionSource): Promise<REPLServer> {
  const fresh = process.versions.bun ? await (await import("./fresh-bun.ts")).bunFresh(source) : await (await import("./fresh-node.ts")).nodeFresh(source);
  process.stdout.write(`${banner(source)}\n.pixels .show .edit .reload .stats (.help lists all)\n`);
  const server = repl.start({ prompt: "px> " });
  const evaluate = server.eval;
  // node:repl refuses `import … from`: the same import, made dynamic, binds the same names.
  (server as { eval: REPLServer["eval"] }).eval = function (this: REPLServer, code, context, file, cb) {
    evaluate.call(this, dynamicImports(code), context, file, cb);
  };
  // The REPL prints an uncaught error through its writer: pixels refused (a damaged image, a bad
  // signature) show pxos's one line, as `pxos run` does, instead of a stack into the adapter.
  const writer = server.writer;
  (server as { writer: REPLServer["writer"] }).writer = (value) => (isPxosError(value) ? `pxos: ${value.message}` : writer.call(server, value));
  // Input that ends (a pipe) closes the REPL while a command may still be awaited: no prompt after that.
  let closed = false;
  server.on("close", () => {
    closed = true;
  });
  const command = (help: string, action: (arg: string) => string | Promise<string>) => ({
    help,
    async action(this: REPLServer, arg: string) {
      try {
        this.output.write(`${await action(arg)}\n`);
      } catch (err) {
        this.output.write(`${isPxosError(err) ? `pxos: ${err.message}` : String(err)}\n`);
      }
      if (!closed) this.displayPrompt();
    },
  });
  server.defineCommand(
    "pixels",
    command("List the pixel modules, their size, and whether this session loaded them", () => pixels(source, fresh.loaded)),
  );
  server.defineCommand(
    "show",
    command("Print MODULE's decoded source with line numbers", (arg) => show(source, arg)),
  );
  server.defineCommand(
    "edit",
    command("Edit MODULE in $VISUAL/$EDITOR and re-encode it into the pixels", (arg) => {
      // The editor gets the terminal as a shell would hand it over: out of the raw mode the REPL's line editing uses.
      const raw = process.stdin.isTTY && process.stdin.isRaw;
      if (raw) process.stdin.setRawMode(false);
      try {
        const result = edit(source, arg);
        fresh.refresh();
        return result;
      } finally {
        if (raw) process.stdin.setRawMode(true);
      }
    }),
  );
  server.defineCommand(
    "reload",
    command("Import MODULE again as a fresh instance and bind it (modules that imported it keep the old one)", async (arg) => {
      const [name = "", as] = arg.trim().split(/\s+/);
      const target = reloadTarget(source, name);
      fresh.refresh();
      const binding = as ?? identifier(target.key);
      // Defined, not assigned: Node's REPL keeps its built-in modules (`util`, `fs`…) behind accessors an assignment goes through.
      Object.defineProperty(server.context, binding, { value: await fresh.load(target.path), writable: true, configurable: true, enumerable: true });
      return `${binding} = a fresh instance of ${target.key} (sha256 ${target.sha256.slice(0, 12)}…); modules that imported it before keep the old instance: ES module bindings cannot be re-pointed`;
    }),
  );
  server.defineCommand("stats", command("getPixelStats() of this session", stats));
  // As node's own REPL: NODE_REPL_HISTORY names the file, and an empty one keeps no history.
  const history = process.env.NODE_REPL_HISTORY ?? join(homedir(), ".pxos_repl_history");
  if (history) server.setupHistory?.(history, () => {});
  return server;
}

/** `src/lib/my-util.ts` → `my_util`: the name `.reload` binds when it is given none. */
function identifier(key: string): string {
  const name = basename(key)
    .replace(/\.[^.]*$/, "")
    .replace(/\W/g, "_");
  return /^\d/.test(name) ? `_${name}` : name;
}
