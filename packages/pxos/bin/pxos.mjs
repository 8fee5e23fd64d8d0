#!/usr/bin/env node
// Plain JavaScript on purpose: this file must run far enough on an old Node to say what it needs.
const [major, minor] = process.versions.node.split(".").map(Number);
const typeScriptCapable = process.versions.bun || globalThis.Deno || major > 22 || (major === 22 && minor >= 18);
if (!typeScriptCapable) {
  console.error(`pxos: needs Bun, Deno, or Node 22.18 or newer (this is Node ${process.version})`);
  process.exit(1);
}
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2));
