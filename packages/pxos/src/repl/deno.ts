/**
 * Deno's session is `deno repl` itself, started with the import map and the guard as `pxos run`
 * starts an app: Deno's REPL takes `import … from` and top-level await natively. It has no
 * dot-commands and no way to add one, so the pixel commands are functions on a global `px`.
 */
import { banner, edit, pixels, reloadTarget, type SessionSource, show, stats } from "./actions.ts";

export function installDenoHelpers(source: SessionSource): void {
  const print = (text: string) => console.log(text);
  (globalThis as { px?: unknown }).px = {
    // Deno keeps no list of the modules it has loaded that a program can read.
    pixels: () => print(pixels(source, undefined)),
    show: (name: string) => print(show(source, name)),
    edit: (name: string) =>
      print(`${edit(source, name)}\nDeno runs the pixels from an import map fixed when the REPL started: restart pxos repl to import the new version`),
    reload: (name: string) => {
      reloadTarget(source, name);
      throw new Error("deno repl cannot take a new import map while it runs: restart pxos repl to import the new version");
    },
    stats: () => print(stats()),
  };
  print(`${banner(source)}\npx.pixels() px.show(M) px.edit(M) px.stats() — deno repl has no dot-commands; px.reload(M) needs a restart on Deno`);
}
