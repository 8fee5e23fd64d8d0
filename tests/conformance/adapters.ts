/**
 * How a user starts an app from pixels on each runtime: the documented
 * command line, run in the project directory holding pixel_manifest.json.
 */
import { type RuntimeName, runtimeBinary } from "../support/runtimes.ts";

export interface AdapterUnderTest {
  name: string;
  runtime: RuntimeName;
  command(entry: string): string[];
  env?: Record<string, string>;
}

const nodeHook = (runtime: RuntimeName) => (entry: string) => [runtimeBinary(runtime), "--import", "@pxos/node-hook/register", entry];

export const ADAPTERS: AdapterUnderTest[] = [
  { name: "bun", runtime: "bun", command: (entry) => [runtimeBinary("bun"), "--preload", "@pxos/bun-plugin/preload", entry] },
  { name: "node22", runtime: "node22", command: nodeHook("node22") },
  { name: "node24", runtime: "node24", command: nodeHook("node24") },
  // The module.register fallback older Node lines get, forced on Node 24 so it is tested too.
  { name: "node24-async", runtime: "node24", command: nodeHook("node24"), env: { PXOS_NODE_HOOKS: "async" } },
];
