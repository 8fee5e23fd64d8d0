// Drives debug 4.3.7 (copied in as debug/): CommonJS that picks its Node or browser half at run time from `process`,
// requires node:tty and util, tries `require("supports-color")` (absent: caught), reads DEBUG_* from process.env, and
// requires ms by bare name from the node_modules beside the project.
const createDebug = require("./debug/src/index.js");
const util = require("node:util");

const show = (label, value) => console.log(`${label}: ${JSON.stringify(value)}`);
const lines = [];
createDebug.log = (...args) => lines.push(util.format(...args));

show("node half", typeof createDebug.inspectOpts);
// Sorted: debug fills inspectOpts in process.env's key order, which Deno does not keep from run to run.
show("inspectOpts from env", Object.entries(createDebug.inspectOpts).sort());
show("colors", createDebug.colors.length);
show("enabled", ["app:a", "app:skip", "other", "lib:x"].map((n) => [n, createDebug.enabled(n)]));
const log = createDebug("app:main");
log("hello %s, %d items, %o", "pixels", 3, { nested: { ok: true } });
log("json %j", { a: [1, 2] });
log.extend("child")("from child");
createDebug("app:skip")("never printed");
createDebug.formatters.h = (v) => Buffer.from(v).toString("hex");
log("custom %h", "px");
createDebug.enable("other");
show("re-enabled", [createDebug.enabled("app:main"), createDebug.enabled("other"), createDebug.disable()]);
show("lines", lines);
show("humanize (ms)", [createDebug.humanize(1500), createDebug.humanize(3 * 60 * 60 * 1000), require("ms")("2 days")]);
let missing;
try {
  require("supports-color");
} catch (error) {
  missing = [error.code, error.message.split("\n")[0].replace(/ from .*$/, "").replace(/'/g, "")];
}
show("supports-color", missing);
show("module children", module.children.map((m) => m.id.split("/").slice(-2).join("/")));
console.log("done");
