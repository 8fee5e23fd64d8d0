/** Time to install the adapter over a manifest, in this runtime: prints `{ importMs, installMs }`. */
const manifest = process.argv[2] as string;
const t0 = performance.now();
if (process.versions.bun) {
  const { pxosPlugin } = await import("@pxos/bun-plugin");
  const t1 = performance.now();
  Bun.plugin(pxosPlugin({ manifest }));
  console.log(JSON.stringify({ importMs: t1 - t0, installMs: performance.now() - t1 }));
} else {
  const { register } = await import("@pxos/node-hook");
  const t1 = performance.now();
  register({ manifest });
  console.log(JSON.stringify({ importMs: t1 - t0, installMs: performance.now() - t1 }));
}
