// Drives mime-db 1.52.0 (a 180 kB JSON data file behind a folder's package.json "main") copied in as mime-db/, and
// mime-types 2.1.35 copied in as mime-types/, which requires mime-db by bare name from the node_modules beside the project.
const { show, frame } = require("./report.cjs");
const db = require("./mime-db");
const raw = require("./mime-db/db.json");
const mime = require("./mime-types");

show("folder main is the JSON module", db === raw);
show("entries", Object.keys(db).length);
show("application/json", db["application/json"]);
show("first/last", [Object.keys(db)[0], Object.keys(db).at(-1)]);
show("sources", Object.entries(Object.groupBy(Object.values(db), (e) => e.source ?? "none")).map(([k, v]) => [k, v.length]).sort());
show("lookup", ["a.png", "x/y.md", "file.JSON", ".mjs", "nope.zzz"].map((f) => mime.lookup(f)));
show("contentType", ["html", "text/plain", "json", "application/octet-stream"].map((t) => mime.contentType(t)));
show("extension", ["image/svg+xml", "text/javascript", "audio/mpeg"].map((t) => mime.extension(t)));
show("charset", ["text/x-foo", "application/json", "image/png"].map((t) => mime.charset(t)));
show("same data", mime.types.png === db["image/png"].extensions[0]);
// A package from node_modules by its path from there (Deno runs the project from its mirror, whose folder differs).
const id = (k) => (k.includes("/node_modules/") ? k.slice(k.lastIndexOf("/node_modules/") + 1) : require("node:path").relative(__dirname, k));
show("module ids", Object.keys(require.cache).map(id).sort());
show("resolve", require.resolve("./mime-db").split("/").slice(-2).join("/"));
try {
  require("./mime-db/missing.json");
} catch (error) {
  // No frame of this file: under Node's module hooks the resolution's own frames fill the ten a stack keeps.
  show("missing", [error.code, error.message.split("\n")[0].includes("missing.json")]);
}
try {
  JSON.parse("{ bad");
} catch (error) {
  show("stack", frame(error, "main.cjs"));
}
import("./mime-db/db.json", { with: { type: "json" } }).then((ns) => {
  show("dynamic json", [ns.default === raw, Object.keys(ns.default).length]);
  console.log("done");
});
