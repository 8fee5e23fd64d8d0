/**
 * A Bun worker starts without the main thread's plugins, so `new Worker(url)` of a pixel module
 * would run the file on disk. Bun's Worker (web and node:worker_threads) takes a `preload` option:
 * every worker gets the pxos preload first, and with it the pixels.
 */

const PXOS_ENV = ["PXOS_MANIFEST", "PXOS_CARTRIDGE", "PXOS_TRUST", "PXOS_DEBUG"] as const;

type WorkerClass = new (url: string | URL, options?: Record<string, unknown>) => object;

function withPreload(preload: string, options: Record<string, unknown> | undefined): Record<string, unknown> {
  const own = options?.preload;
  const env = options?.env;
  const pxosEnv = Object.fromEntries(PXOS_ENV.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]));
  return {
    ...options,
    preload: [preload, ...(own === undefined ? [] : [own].flat())],
    // A worker given its own environment still serves pixels the way this process does (under the same trust key).
    ...(env !== null && typeof env === "object" ? { env: { ...env, ...pxosEnv } } : {}),
  };
}

function preloading(Base: WorkerClass, preload: string): WorkerClass {
  return class Worker extends Base {
    constructor(url: string | URL, options?: Record<string, unknown>) {
      super(url, withPreload(preload, options));
    }
  };
}

/** The global Web Worker: cheap, as it is already loaded. */
export function preloadWebWorkers(preload: string): void {
  globalThis.Worker = preloading(globalThis.Worker as unknown as WorkerClass, preload) as unknown as typeof Worker;
}

let nodeWorkersPatched = false;

/**
 * node:worker_threads: its Worker does not use the global one, and Bun builds the ES module view of
 * a built-in once, when first imported — so the export is replaced before that. Loading the
 * built-in costs every start, so this runs when a pixel module first asks for it, or at once under a trust key.
 */
export function preloadNodeWorkers(preload: string): void {
  if (nodeWorkersPatched) return;
  nodeWorkersPatched = true;
  const threads = process.getBuiltinModule("node:worker_threads") as { Worker: WorkerClass };
  threads.Worker = preloading(threads.Worker, preload);
}
