/**
 * The `pxos view` server: one page and a small API on the loopback interface
 * only. Reads go to anyone on this machine who knows the port; every write
 * needs the per-run token embedded in the page. It never runs any code it
 * serves or saves.
 */
import { randomBytes } from "node:crypto";
import { statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import {
  encodeImage,
  isContainedPath,
  isPxosError,
  type Manifest,
  PixelModules,
  PxosError,
  readFileOrFail,
  replaceModuleSource,
  resolveOptions,
} from "@pxos/core";
import { leftOnDisk } from "../commands/project.ts";
import { pageHtml } from "./page.ts";
import { imageFrames, MAX_BATCH, type Summary } from "./summary.ts";

export interface ViewServer {
  url: string;
  token: string;
  close(): Promise<void>;
}

const MAX_SAVE_BYTES = 16 * 1024 * 1024;

/**
 * The page's script for the browser (core's codec included, no `node:` inside): built with the
 * package (scripts/build.ts) into dist/ beside this code's bundle (chunks stay in dist/ too); from
 * the sources, bundled once per process.
 */
let clientBundle: Promise<string> | undefined;
function client(): Promise<string> {
  const here = import.meta.dirname;
  // Deno gives a module run from a registry (jsr:) no directory: there is no page script on disk to serve.
  if (here === undefined)
    return Promise.reject(new PxosError("USAGE", "pxos view needs pxos installed from npm (npm:pxos): run from JSR it has no files on disk"));
  clientBundle ??= import.meta.url.endsWith(".mjs")
    ? readFile(join(here, "view-client.js"), "utf8")
    : import("esbuild").then(({ build }) =>
        build({ entryPoints: [join(here, "client.ts")], bundle: true, format: "esm", platform: "browser", write: false, target: "es2022" }).then(
          (r) => r.outputFiles[0]?.text ?? "",
        ),
      );
  return clientBundle;
}

/**
 * Serve the viewer for a manifest.
 *
 * @example
 * const { url, close } = await startViewServer({ manifest: "pixel_manifest.json" });
 */
export async function startViewServer(opts: { manifest: string; cartridge?: string; port?: number }): Promise<ViewServer> {
  summary(open(opts), opts); // a broken manifest or cartridge fails here, not in the browser; and the first page load finds the summary ready
  await client();
  const token = randomBytes(16).toString("hex");
  const server = createServer((req, res) => {
    handle(req, res, opts, token).catch((err) => send(res, isPxosError(err) && err.code === "NOT_FOUND" ? 404 : 500, { error: String(err.message ?? err) }));
  });
  await new Promise<void>((ok) => server.listen(opts.port ?? 0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, token, close: () => new Promise((ok) => server.close(() => ok())) };
}

/** `body` as JSON, unless it is already a string or bytes of `type`. */
function send(res: ServerResponse, status: number, body: unknown, type?: string): void {
  const data = type === undefined ? JSON.stringify(body) : (body as string | Uint8Array);
  res.writeHead(status, { "content-type": type ?? "application/json", "cache-control": "no-store", "x-content-type-options": "nosniff" });
  res.end(data);
}

/**
 * Opened again whenever the manifest's (or cartridge's) stat changes, so a re-encode or a repack shows up; kept
 * otherwise, because parsing a 100,000-module manifest for every batch request would cost more than serving it.
 * The viewer shows the images themselves: never what a cache kept of them.
 */
let opened: { stamp: string; pixels: PixelModules } | undefined;
function open(opts: { manifest: string; cartridge?: string }): PixelModules {
  const stamp = versionOf(opts.cartridge ?? opts.manifest);
  if (opened?.stamp !== stamp)
    opened = { stamp, pixels: PixelModules.open(resolveOptions({ manifest: opts.manifest, cartridge: opts.cartridge, cacheDir: false })) };
  return opened.pixels;
}

function versionOf(file: string): string {
  try {
    const s = statSync(file);
    return `${s.ino}-${s.size}-${s.mtimeMs}`;
  } catch {
    return "missing";
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: { manifest: string; cartridge?: string }, token: string): Promise<void> {
  // Loopback only, and only by name: a page elsewhere that rebinds a hostname to 127.0.0.1 gets nothing.
  const host = (req.headers.host ?? "").replace(/:\d+$/, "");
  if (host !== "127.0.0.1" && host !== "localhost") return send(res, 403, { error: "loopback only" });
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  // The URL parser folds `a/../b`: a path it had to change names a module by a second spelling, refused rather than guessed.
  if (url.pathname !== (req.url ?? "/").split(/[?#]/)[0]) return send(res, 400, { error: "not a canonical path" });
  const pixels = open(opts);
  const { manifest } = pixels;
  if (req.method === "GET" && url.pathname === "/") return send(res, 200, pageHtml(token), "text/html; charset=utf-8");
  if (req.method === "GET" && url.pathname === "/client.js") return send(res, 200, await client(), "text/javascript; charset=utf-8");
  if (req.method === "GET" && url.pathname === "/api/version") return send(res, 200, { version: versionOf(opts.cartridge ?? opts.manifest) });
  if (req.method === "GET" && url.pathname === "/api/summary") return send(res, 200, summary(pixels, opts).json, "application/json");
  if (req.method === "GET" && url.pathname === "/api/checksums") return send(res, 200, summary(pixels, opts).checksums, "application/octet-stream");
  if (req.method === "GET" && url.pathname === "/api/images") return sendImages(res, pixels, url.searchParams);
  if (req.method === "GET" && url.pathname === "/api/cartridge") {
    if (!opts.cartridge) return send(res, 404, { error: "not a cartridge" });
    return send(res, 200, readFileOrFail(opts.cartridge, "no such cartridge"), "application/octet-stream");
  }
  const key = moduleKeyOf(url.pathname);
  if (key === undefined) return send(res, 400, { error: "a module key is a canonical relative path, percent-encoded" });
  if (url.pathname.startsWith("/api/") && !manifest.entry(key)) return send(res, 404, { error: `no module ${key}` });
  if (req.method === "GET" && url.pathname.startsWith("/api/image/")) return send(res, 200, moduleImage(pixels, key), "application/octet-stream");
  if (req.method === "POST" && url.pathname.startsWith("/api/save/")) {
    if (req.headers["x-pxos-token"] !== token) return send(res, 403, { error: "a write needs this run's token" });
    if (!fromThisPage(req)) return send(res, 403, { error: "a write must come from this viewer's own page" });
    if (pixels.isCartridge) return send(res, 405, { error: "a cartridge is read-only here: unpack it, edit, pack again" });
    const { entry, file, why } = replaceModuleSource(opts.manifest, key, await body(req));
    return send(res, 200, { key, entry, file, ...(file === "left" ? { warning: leftOnDisk(key, why) } : {}) });
  }
  send(res, 404, { error: "not found" });
}

/** The module key in an /api/ path, or undefined when it is malformed or not canonical (`.`, `..`, empty segments). */
function moduleKeyOf(pathname: string): string | undefined {
  if (!/^\/api\/(image|save)\//.test(pathname)) return "";
  try {
    const key = decodeURIComponent(pathname.replace(/^\/api\/(image|save)\//, ""));
    return isContainedPath(key) ? key : undefined;
  } catch {
    return undefined;
  }
}

/** Browsers name the page a request comes from; a write from any other origin is refused even with the token. */
function fromThisPage(req: IncomingMessage): boolean {
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin") return false;
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${req.headers.host}`;
}

/** A module's image: its file, or for a cartridge's module the image `pxos encode` would write from its verified bytes. */
function moduleImage(pixels: PixelModules, key: string): Uint8Array {
  const { manifest } = pixels;
  if (!pixels.isCartridge) return readFileOrFail(manifest.imagePath(key), "image missing");
  const mod = pixels.read(manifest.modulePath(key));
  return encodeImage(mod.bytes, { loader: mod.loader, path: key });
}

/** The summary's JSON and the checksums, built once per version of the manifest: the page asks whenever the version changes. */
let summarized: { stamp: string; json: string; checksums: Uint8Array } | undefined;
function summary(pixels: PixelModules, opts: { manifest: string; cartridge?: string }): { json: string; checksums: Uint8Array } {
  const version = versionOf(opts.cartridge ?? opts.manifest);
  if (summarized?.stamp === version) return summarized;
  const { manifest } = pixels;
  const keys = manifest.keys();
  const names: string[] = [];
  const name = (s: string) => (names.includes(s) ? names.indexOf(s) : names.push(s) - 1);
  const entries = keys.map((key) => manifest.entry(key) as NonNullable<ReturnType<Manifest["entry"]>>);
  const body: Summary = {
    version,
    manifest: manifest.path,
    readOnly: pixels.isCartridge,
    keys,
    sizes: entries.map((e) => e.size),
    loaders: entries.map((e) => name(e.loader)),
    formats: entries.map((e) => name(e.format)),
    names,
  };
  const checksums = new Uint8Array(entries.length * 32);
  entries.forEach((e, i) => {
    checksums.set(Buffer.from(e.sha256, "hex"), i * 32);
  });
  summarized = { stamp: version, json: JSON.stringify(body), checksums };
  return summarized;
}

/**
 * `count` module images from the `from`-th in summary order, framed (see imageFrames). A cartridge's page takes the
 * cartridge whole from /api/cartridge, unless the browser cannot unpack its brotli: then these, re-encoded.
 */
function sendImages(res: ServerResponse, pixels: PixelModules, params: URLSearchParams): void {
  const from = Number(params.get("from"));
  const count = Number(params.get("count"));
  if (!Number.isInteger(from) || !Number.isInteger(count) || from < 0 || count < 1 || count > MAX_BATCH)
    send(res, 400, { error: `from must be an index and count 1 to ${MAX_BATCH}` });
  else
    send(
      res,
      200,
      imageFrames(
        pixels.manifest
          .keys()
          .slice(from, from + count)
          .map((key) => moduleImage(pixels, key)),
      ),
      "application/octet-stream",
    );
}

async function body(req: IncomingMessage): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const part of req) {
    length += (part as Buffer).length;
    if (length > MAX_SAVE_BYTES) throw new Error(`a saved module is at most ${MAX_SAVE_BYTES} bytes`);
    parts.push(part as Buffer);
  }
  return Buffer.concat(parts);
}
