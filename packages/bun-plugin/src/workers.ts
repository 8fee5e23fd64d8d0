/**
 * A Bun worker starts without the main thread's plugins, so `new Worker(url)` of a pixel module
 * would run the file on disk. Bun's Worker (web and node:worker_threads) takes a `preload` option:
 * every worker gets the pxos preload first, and with it the pixels. Bun will not start a worker
 * whose file is missing, so a module that lives only in pixels starts from a one-line import of it.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pxosEnv } from "@pxos/core/runtime";

/** Bun's own: node:url costs the preload a module load. */
const { fileURLToPath, pathToFileURL } = Bun;

type WorkerClass = new (url: string | URL, options?: Record<string, unknown>) => object;
export type IsPixel = (path: string) => boolean;

/** The path a worker URL names, when it names a file. */
function filePath(url: string | URL): string | undefined {
  const href = String(url);
  if (href.startsWith("file:")) return fileURLToPath(href);
  if (href.startsWith("/") || href.startsWith("./") || href.startsWith("../")) return resolve(href);
  return undefined;
}

/** A module in pixels and nowhere on disk. */
function pixelOnly(url: string | URL, isPixel: IsPixel): string | undefined {
  const path = typeof url === "string" || url instanceof URL ? filePath(url) : undefined;
  return path !== undefined && isPixel(path) && !existsSync(path) ? path : undefined;
}

const importOf = (path: string) => `import ${JSON.stringify(pathToFileURL(path).href)};`;

function withPreload(preload: string, options: Record<string, unknown> | undefined): Record<string, unknown> {
  const own = options?.preload;
  const env = options?.env;
  return {
    ...options,
    preload: [preload, ...(own === undefined ? [] : [own].flat())],
    // A worker given its own environment still serves pixels the way this process does (under the same trust key).
    ...(env !== null && typeof env === "object" ? { env: { ...env, ...pxosEnv() } } : {}),
  };
}

/** The global Web Worker: cheap, as it is already loaded. */
export function preloadWebWorkers(preload: string, isPixel: IsPixel): void {
  const Base = globalThis.Worker as unknown as WorkerClass;
  globalThis.Worker = class Worker extends Base {
    constructor(url: string | URL, options?: Record<string, unknown>) {
      const path = pixelOnly(url, isPixel);
      super(path ? URL.createObjectURL(new Blob([importOf(path)], { type: "text/javascript" })) : url, withPreload(preload, options));
    }
  } as unknown as typeof Worker;
}

let nodeWorkersPatched = false;

/**
 * node:worker_threads: its Worker does not use the global one, and Bun builds the ES module view of
 * a built-in once, when first imported — so the export is replaced before that. Loading the
 * built-in costs every start, so this runs when a pixel module first asks for it, or at once under a
 * trust key (a worker without the preload would run its file unverified).
 */
export function preloadNodeWorkers(preload: string, isPixel: IsPixel): void {
  if (nodeWorkersPatched) return;
  nodeWorkersPatched = true;
  const threads = process.getBuiltinModule("node:worker_threads") as { Worker: WorkerClass };
  const Base = threads.Worker;
  threads.Worker = class Worker extends Base {
    constructor(url: string | URL, options?: Record<string, unknown>) {
      const path = options?.eval ? undefined : pixelOnly(url, isPixel);
      super(path ? importOf(path) : url, withPreload(preload, path ? { ...options, eval: true } : options));
    }
  };
}

let forksPatched = false;

/**
 * node:child_process: a fork passes this process's `execArgv`, and with it the preload, on; but Bun
 * will not fork a file that is missing, so a module that lives only in pixels starts from `--eval`
 * of an import of it (the module path stays the child's `argv[1]`). Only when first asked for, under
 * a trust key too: without it such a fork fails, and nothing unsigned runs.
 */
export function forkPixelOnly(isPixel: IsPixel): void {
  if (forksPatched) return;
  forksPatched = true;
  type Fork = (modulePath: string | URL, args?: unknown, options?: { execArgv?: string[] }) => unknown;
  const childProcess = process.getBuiltinModule("node:child_process") as unknown as { fork: Fork };
  const base = childProcess.fork;
  childProcess.fork = function fork(this: unknown, modulePath, args, options) {
    const path = pixelOnly(modulePath, isPixel);
    if (!path) return base.call(this, modulePath, args, options);
    const [list, opts] = Array.isArray(args) ? [args, options] : [[], args as typeof options];
    return base.call(this, modulePath, list, { ...opts, execArgv: [...(opts?.execArgv ?? process.execArgv), "--eval", importOf(path)] });
  };
}
