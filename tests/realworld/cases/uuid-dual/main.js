// Drives uuid 11.0.3 (copied in as uuid/): its ES-module build imports the built-in `crypto` by bare name (no `node:`),
// and its CommonJS build (dist/cjs, a "type": "commonjs" folder inside a "type": "module" package) is required beside it.
import { createRequire } from "node:module";
import fixtures from "./fixtures.json" with { type: "json" };
import * as uuid from "./uuid/dist/esm/index.js";
import { MAX, NIL, parse, stringify, v1, v1ToV6, v3, v4, v5, v6, v6ToV1, v7, validate, version } from "./uuid/dist/esm/index.js";
import report from "./report.cjs";

const require = createRequire(import.meta.url);
const { show, frame } = report;
const bytes = (seed) => Uint8Array.from({ length: 16 }, (_, i) => (seed * 31 + i * 17) & 0xff);

show("exports", Object.keys(uuid).sort());
show("NIL MAX", [NIL, MAX]);
show("v5", fixtures.names.map((n) => v5(n, fixtures.namespace)));
show("v5 DNS/URL", [v5("example.com", v5.DNS), v5("https://example.com/", v5.URL)]);
show("v3", fixtures.names.map((n) => v3(n, fixtures.namespace)));
show("v4 random option", v4({ random: bytes(1) }));
show("v4 into buffer", Array.from(v4({ random: bytes(2) }, new Uint8Array(20), 2)));
show("v4 shape", [validate(v4()), version(v4())]);
const v1id = v1({ msecs: 1700000000000, nsecs: 42, clockseq: 0x1234, node: Uint8Array.of(1, 2, 3, 4, 5, 6) });
show("v1", v1id);
show("v1ToV6 / back", [v1ToV6(v1id), v6ToV1(v1ToV6(v1id))]);
show("v6", v6({ msecs: 1700000000000, nsecs: 7, clockseq: 0x0abc, node: Uint8Array.of(9, 8, 7, 6, 5, 4) }));
show("v7", v7({ msecs: 1700000000000, random: bytes(3), seq: 0x1234 }));
show("parse/stringify", stringify(parse(v5("round", fixtures.namespace))));
show("validate/version", ["not-a-uuid", NIL, MAX, v1id].map((s) => [validate(s), validate(s) ? version(s) : null]));
for (const bad of [() => parse("nope"), () => stringify(new Uint8Array(16).fill(0xff).map((b, i) => (i === 6 ? 0x0f : b))), () => version("x")]) {
  try {
    show("no error", bad());
  } catch (error) {
    show("error", [error.name, error.message, frame(error, "uuid")]);
  }
}

const cjs = require("./uuid/dist/cjs/index.js");
show("cjs same results", [cjs.v5("pxos", fixtures.namespace) === v5("pxos", fixtures.namespace), cjs.NIL === NIL, cjs.v5 === v5]);
show("cjs keys", Object.keys(cjs).sort());
const dynamic = await import("./uuid/dist/esm/v35.js");
show("dynamic v35", [typeof dynamic.default, dynamic.DNS, dynamic.URL]);
show("pkg type", require("./uuid/package.json").type);
console.log("done");
