/**
 * How a user starts an app from pixels on each runtime: the documented
 * command line, run in the project directory holding pixel_manifest.json.
 */
import { join } from "node:path";
import { REPO, type RuntimeName, runtimeBinary } from "../support/runtimes.ts";

export interface AdapterUnderTest {
  name: string;
  runtime: RuntimeName;
  /** Commands run in order, each only if the one before succeeded; the app's output is the last one's. */
  commands(entry: string): string[][];
  /** Run from a cartridge packed from the fixture (its entry recorded), through `pxos run`. */
  cartridge?: boolean;
  env?: Record<string, string>;
}

const PXOS = join(REPO, "packages", "pxos", "bin", "pxos.mjs");
/** The cartridge file name the driver packs a fixture into. */
export const CARTRIDGE = "app.pxc.png";

/** `runs: 2` runs the app twice and compares the second run: served from the stripped-JavaScript cache the first one filled. */
const nodeHook =
  (runtime: RuntimeName, runs = 1) =>
  (entry: string) =>
    Array.from({ length: runs }, () => [runtimeBinary(runtime), "--import", "@pxos/node-hook/register", entry]);
const bunPreload = (entry: string) => [[runtimeBinary("bun"), "--preload", "@pxos/bun-plugin/preload", entry]];
const NO_CACHE = { PXOS_CACHE: "0" };
/** pxos's cache folder for the suite: where the fixtures' derived forms are kept, outside the projects. */
export const CACHE = join(REPO, "tests", ".work", "pxos-cache");
const denoImportMap = (env: Record<string, string> = {}) => ({
  commands: (entry: string) => [
    [runtimeBinary("node24"), PXOS, "import-map"],
    [runtimeBinary("deno"), "run", "-A", "--import-map=pxos.importmap.json", entry],
  ],
  // pxos's cache outside the project, as the user cache folder is by default.
  env: { DENO_DIR: join(REPO, ".deno"), PXOS_CACHE_DIR: CACHE, ...env },
});

export const ADAPTERS: AdapterUnderTest[] = [
  // Served the ready JavaScript `pxos encode` derives (the fixtures are encoded with it, into CACHE).
  { name: "bun", runtime: "bun", commands: bunPreload, env: { PXOS_CACHE_DIR: CACHE } },
  // The verified sources, for Bun's own transpiler: the route every module takes with the cache off.
  { name: "bun-nocache", runtime: "bun", commands: bunPreload, env: NO_CACHE },
  { name: "node22", runtime: "node22", commands: nodeHook("node22", 2) },
  { name: "node24", runtime: "node24", commands: nodeHook("node24") },
  { name: "node24-nocache", runtime: "node24", commands: nodeHook("node24"), env: NO_CACHE },
  // The module.register fallback older Node lines get, forced on Node 24 so it is tested too.
  { name: "node24-async", runtime: "node24", commands: nodeHook("node24"), env: { PXOS_NODE_HOOKS: "async" } },
  { name: "deno", runtime: "deno", ...denoImportMap() },
  // With the cache off: the mirror in a new temporary folder.
  { name: "deno-nocache", runtime: "deno", ...denoImportMap(NO_CACHE) },
  // Cartridge mode: the whole fixture in one image, booted the documented way.
  ...(["bun", "node", "deno"] as const).map((runtime) => ({
    name: `${runtime}-cartridge`,
    runtime: runtime === "node" ? ("node24" as const) : runtime,
    cartridge: true,
    commands: () => [[runtimeBinary("node24"), PXOS, "run", CARTRIDGE, "--runtime", runtime]],
    env: {
      DENO_DIR: join(REPO, ".deno"),
      PXOS_CACHE_DIR: CACHE,
      PATH: [join(REPO, "node_modules", "node24", "bin"), join(REPO, "node_modules", ".bin"), process.env.PATH].join(":"),
    },
  })),
];
