/**
 * Which Node can do what, in one table; each gate names the Node change
 * behind it. Versions are the first release of each line with the change.
 */
import * as nodeModule from "node:module";
import { PxosError, type PxosOptions } from "@pxos/core/runtime";

export interface Gate {
  what: string;
  /** First version per release line; a line not listed and newer than all listed has it. */
  since: Record<number, string>;
  pr: string;
}

export const GATES = {
  /** Type stripping on by default: load hooks may return `module-typescript` / `commonjs-typescript`. */
  typeStripping: { what: "type stripping by default", since: { 22: "22.18.0", 23: "23.6.0" }, pr: "https://github.com/nodejs/node/pull/56350" },
  /** In-thread synchronous hooks covering import and require(), with CommonJS handled reliably (tsx gates on the same versions). */
  syncHooks: { what: "module.registerHooks with reliable CommonJS", since: { 22: "22.22.3", 24: "24.11.1" }, pr: "https://github.com/nodejs/node/pull/59929" },
  /**
   * CommonJS that an import loaded gets Node's own require() (require.cache, module.children, resolution through the
   * hooks), and require.resolve() asks the hooks: the releases nodejs/node#63060 names; #62920 made it hold with --loader too.
   * Below it the hook works around it (commonjs.ts).
   */
  cjsThroughHooks: {
    what: "require() and require.resolve() through the hooks in every CommonJS module",
    since: { 24: "24.12.0", 25: "25.2.0" },
    pr: "https://github.com/nodejs/node/pull/62920",
  },
} satisfies Record<string, Gate>;

const parse = (v: string) => v.replace(/^v/, "").split(".").map(Number) as [number, number, number];

/** Does `version` (e.g. process.version) pass the gate? */
export function passes(gate: Gate, version: string): boolean {
  const [major, minor, patch] = parse(version);
  const lines = Object.keys(gate.since).map(Number);
  const first = gate.since[major];
  if (first === undefined) return major > Math.max(...lines);
  const [, m, p] = parse(first);
  return minor > m || (minor === m && patch >= p);
}

/** Which hook API this Node gets, or why it gets none; `requested` is the resolved options' (no default: resolving them again cost a start-up ~0.3 ms). */
export function hookMode(
  version: string,
  requested: PxosOptions["nodeHooks"],
  hasRegisterHooks = typeof nodeModule.registerHooks === "function",
): "sync" | "async" {
  if (!passes(GATES.typeStripping, version)) {
    throw new PxosError("USAGE", `@pxos/node-hook needs Node 22.18 or newer (${GATES.typeStripping.what}, ${GATES.typeStripping.pr}); this is ${version}`);
  }
  if (requested === "async") return "async";
  return passes(GATES.syncHooks, version) && hasRegisterHooks ? "sync" : "async";
}
