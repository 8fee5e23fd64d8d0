/** `pxos view`'s API on bad requests: malformed and non-canonical module paths, writes from another origin. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { encodeProject } from "@pxos/core";
import { startViewServer, type ViewServer } from "../../packages/pxos/src/view/server.ts";
import { REPO } from "../support/runtimes.ts";

const app = join(REPO, "tests", ".work", "view-server");
let view: ViewServer;

beforeAll(async () => {
  rmSync(app, { recursive: true, force: true });
  mkdirSync(join(app, "src"), { recursive: true });
  writeFileSync(join(app, "src", "m.ts"), "export const y = 2;\n");
  encodeProject({ root: app });
  view = await startViewServer({ manifest: join(app, "pixel_manifest.json") });
}, 30_000);

afterAll(async () => {
  await view?.close();
  rmSync(app, { recursive: true, force: true });
});

/** A raw request: the path goes out exactly as written (fetch would fold `..` itself). */
function raw(method: string, path: string, headers: Record<string, string> = {}, body = ""): Promise<number> {
  const { port } = new URL(view.url);
  return new Promise((done, fail) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      res.resume();
      res.on("end", () => done(res.statusCode ?? 0));
    });
    req.on("error", fail);
    req.end(body);
  });
}

test("a malformed percent-encoding is a 400, not a 500", async () => {
  expect(await raw("GET", "/api/image/src%2Fm.ts%E0%A4%A")).toBe(400);
  expect(await raw("GET", "/api/image/src%2Fm.ts")).toBe(200);
});

test("a module named by a non-canonical path is refused, not resolved", async () => {
  expect(await raw("GET", "/api/image/src/../src/m.ts")).toBe(400);
  expect(await raw("GET", "/api/image/src/./m.ts")).toBe(400);
  expect(await raw("GET", `/api/image/${encodeURIComponent("src/../src/m.ts")}`)).toBe(400);
  expect(await raw("GET", "/api/image/src//m.ts")).toBe(400);
});

test("a write with the token but from another origin is refused; from the page's own, accepted", async () => {
  const own = `http://127.0.0.1:${new URL(view.url).port}`;
  const save = (headers: Record<string, string>) => raw("POST", "/api/save/src%2Fm.ts", { "x-pxos-token": view.token, ...headers }, "export const y = 3;\n");
  expect(await save({ origin: "http://evil.example" })).toBe(403);
  expect(await save({ "sec-fetch-site": "cross-site" })).toBe(403);
  expect(await save({ origin: own, "sec-fetch-site": "same-site" })).toBe(403);
  expect(readFileSync(join(app, "pixel_manifest.json"), "utf8")).toContain('"size": 20');
  expect(await save({ origin: own, "sec-fetch-site": "same-origin" })).toBe(200);
});

test("image batches take an index and a count within bounds; anything else is a 400", async () => {
  expect(await raw("GET", "/api/images?from=0&count=1")).toBe(200);
  for (const query of ["", "?from=-1&count=1", "?from=0&count=0", "?from=0&count=100000", "?from=x&count=1", "?from=0.5&count=1"]) {
    expect({ query, status: await raw("GET", `/api/images${query}`) }).toEqual({ query, status: 400 });
  }
  expect(await raw("GET", "/api/cartridge")).toBe(404);
});
