// The Worker's module: imports lru-cache by the package's own name and reports what it built.
import { basename } from "node:path";
import { parentPort } from "node:worker_threads";
import { LRUCache } from "lru-cache";

const cache = new LRUCache({ max: 2 });
cache.set(1, "one").set(2, "two").set(3, "three");
parentPort.postMessage({ keys: [...cache.keys()], file: basename(import.meta.filename), name: LRUCache.name });
