/**
 * How a user starts an app from pixels on each runtime: the documented
 * command line, run in the project directory holding pixel_manifest.json.
 */
import { type RuntimeName, runtimeBinary } from "../support/runtimes.ts";

export interface AdapterUnderTest {
  name: string;
  runtime: RuntimeName;
  command(entry: string): string[];
}

export const ADAPTERS: AdapterUnderTest[] = [
  { name: "bun", runtime: "bun", command: (entry) => [runtimeBinary("bun"), "--preload", "@pxos/bun-plugin/preload", entry] },
];
