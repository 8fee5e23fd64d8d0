import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { envWithSource, PxosError } from "@pxos/core";
import { GUARD_SPECIFIER } from "@pxos/deno-loader";
import { defineCommand } from "../command.ts";
import type { SessionSource } from "../repl/actions.ts";
import { MANIFEST_HELP, openProject } from "./project.ts";
import { adapterFile, executable, freshImportMap, parseRuntime, RUNTIME_HELP, type Runtime } from "./run.ts";
import { requireNoPositionals } from "./shared.ts";

export const repl = defineCommand({
  name: "repl",
  summary: "the runtime's own REPL with pxos installed: import, .show, .edit and .reload pixel modules",
  usage: "pxos repl [--runtime bun|node|deno] [--manifest FILE | --cartridge FILE] [--sign KEY]",
  help: `${RUNTIME_HELP}
${MANIFEST_HELP}: read-only, .edit refuses
  --sign KEY         .edit signs the manifest again with this private key (as encode --sign)
In the REPL, \`await import("./src/util.ts")\` and \`import { x } from "./src/util.ts"\` come from the
pixels, verified as in pxos run. Node and Bun (node:repl inside the runtime, the adapter preloaded):
  .pixels            the modules, their size, loaded or not in this session
  .show MODULE       the decoded source with line numbers
  .edit MODULE       $VISUAL/$EDITOR on the decoded source; saved, it is re-encoded (as encode)
  .reload MODULE [NAME]  import MODULE as a fresh instance, bound to NAME (default: its file name);
                     modules that imported it keep the old instance, as ES modules allow no re-binding
  .stats             getPixelStats()
On Bun the preloaded plugin keeps the pixels as they were at start: an edited module is imported
again with .reload (a plain import of it fails in one line, its old image being gone).
Deno (deno repl itself, with the import map and guard of pxos run): no dot-commands exist there, so
px.pixels(), px.show(M), px.edit(M), px.stats(); the import map is fixed at start, so an edited
module is imported in a new session (px.reload says so), and px.pixels() cannot tell what is loaded.`,
  options: { runtime: { type: "string" }, manifest: { type: "string" }, cartridge: { type: "string" }, sign: { type: "string" } },
  run(values, positionals) {
    requireNoPositionals(positionals, "repl");
    const runtime = parseRuntime(values.runtime);
    // Opened (and its manifest checked) here: a bad manifest is one line before any runtime starts.
    const pixels = openProject(values);
    const path = pixels.manifest.path;
    const cartridge = pixels.isCartridge;
    if (cartridge && values.sign) throw new PxosError("USAGE", "--sign is for a manifest: a cartridge is read-only");
    const source: SessionSource = cartridge ? { cartridge: path } : { manifest: path, sign: values.sign ? resolve(values.sign) : undefined };
    const child = spawnSync(executable(runtime), commandLine(runtime, source, { path, cartridge }), {
      stdio: "inherit",
      env: envWithSource(process.env, { path, cartridge }),
    });
    if (child.error) throw new PxosError("IO", `cannot start ${runtime}: ${child.error.message}`);
    return child.status ?? 1;
  },
});

/** The session's code: beside this file in the sources; in the bundle, re-exported by main.mjs beside it. */
const SESSION = new URL(import.meta.url.endsWith(".mjs") ? "./main.mjs" : "../repl/session.ts", import.meta.url).href;
const DENO_HELPERS = new URL(import.meta.url.endsWith(".mjs") ? "./main.mjs" : "../repl/deno.ts", import.meta.url).href;

function commandLine(runtime: Runtime, source: SessionSource, pixels: { path: string; cartridge: boolean }): string[] {
  const options = JSON.stringify(source);
  if (runtime === "deno") {
    // Deno runs the mirror written here: every image is decoded and verified now, so a damaged one stops the start in one line.
    // The guard imported first: it records the stats the banner shows. pxos's own modules must resolve from here
    // (pxos in the project, or from JSR): where they do not, the imports from the pixels still work, and it says so.
    const start = `await import(${JSON.stringify(GUARD_SPECIFIER)}); try { const { installDenoHelpers } = await import(${JSON.stringify(DENO_HELPERS)}); installDenoHelpers(${options}); } catch (e) { console.error("pxos: px.* helpers unavailable, pxos's modules do not resolve from here (" + String(e.message).split("\\n")[0] + "); imports from the pixels work [NOT_FOUND]"); }`;
    return ["repl", "-A", `--import-map=${freshImportMap(pixels, true)}`, `--preload=${GUARD_SPECIFIER}`, "--eval", start];
  }
  const start = `const { startReplSession } = await import(${JSON.stringify(SESSION)}); await startReplSession(${options});`;
  if (runtime === "node") return ["--import", pathToFileURL(adapterFile("@pxos/node-hook/register")).href, "--input-type=module", "--eval", start];
  return ["--preload", adapterFile("@pxos/bun-plugin/preload"), "--eval", start];
}
