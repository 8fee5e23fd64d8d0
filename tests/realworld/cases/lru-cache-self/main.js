// Drives lru-cache 11.0.2 as its own project (its package.json and dist/ copied in): the driver reaches it by the
// package's own name (self-reference through "exports": import and require conditions, "./min"), its ES-module and
// CommonJS builds in "type" folders, private class fields, and a node:worker_threads Worker importing it too.
import { createRequire } from "node:module";
import { basename } from "node:path";
import { Worker } from "node:worker_threads";
import { LRUCache } from "lru-cache";
import { LRUCache as Min } from "lru-cache/min";
import report from "./report.cjs";

const { show, frame } = report;
const require = createRequire(import.meta.url);

const cache = new LRUCache({ max: 3, dispose: (v, k, reason) => disposed.push([k, v, reason]) });
const disposed = [];
for (const k of ["a", "b", "c", "d"]) cache.set(k, k.toUpperCase());
cache.get("b");
cache.set("e", "E");
show("keys", [...cache.keys()]);
show("disposed", disposed);
show("peek/has", [cache.peek("c"), cache.has("a"), cache.size]);
const sized = new LRUCache({ maxSize: 10, sizeCalculation: (v) => v.length });
sized.set("x", "12345");
sized.set("y", "123456");
show("maxSize", [[...sized.keys()], sized.calculatedSize]);
const fetching = new LRUCache({ max: 2, fetchMethod: async (k) => `fetched:${k}` });
show("fetch", await Promise.all([fetching.fetch("p"), fetching.fetch("q")]));
show("memo", new LRUCache({ max: 2, memoMethod: (k) => k * 2 }).memo(21));
show("dump", cache.dump().map(([k, e]) => [k, e.value]));
show("min same shape", [Min.name, new Min({ max: 1 }).max]);

const cjs = require("lru-cache");
show("require condition", [typeof cjs.LRUCache, cjs.LRUCache === LRUCache, basename(require.resolve("lru-cache"))]);
show("import.meta.resolve", import.meta.resolve("lru-cache").replace(/^.*\/dist\//, "dist/").replace("?pxos", ""));
show("builds' types", [require("./dist/esm/package.json").type, require("./dist/commonjs/package.json").type]);
try {
  new LRUCache({});
} catch (error) {
  show("error", [error.name, error.message, frame(error, "dist/")]);
}
try {
  cache.set("k", undefined).info.call(null);
} catch (error) {
  show("private", [error.name, frame(error, "main.js")]);
}
show("meta", [basename(import.meta.filename), basename(import.meta.dirname) === basename(process.cwd())]);
const worker = new Worker(new URL("./worker.js", import.meta.url));
worker.once("message", (message) => {
  show("worker", message);
  console.log("done");
});
