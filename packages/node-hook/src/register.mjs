// `node --import @pxos/node-hook/register app.ts`. Plain JavaScript on purpose: on a Node too old
// to strip types, loading the TypeScript entry fails before it can say why; this file says it.
try {
  await import("./register-hooks.ts");
} catch (err) {
  if (err?.code !== "ERR_UNKNOWN_FILE_EXTENSION") throw err;
  console.error(`@pxos/node-hook needs Node 22.18 or newer, which runs TypeScript itself (this is Node ${process.version})`);
  process.exit(1);
}
