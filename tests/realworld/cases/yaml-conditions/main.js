// Drives yaml 2.6.1 (copied in as yaml/): its CommonJS build (dist/, "type": "commonjs") reached through the project's
// package.json "imports" with a `node` condition, and its ES-module build (browser/, "type": "module") beside it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import YAML, { Document, isMap, parseDocument, Scalar, stringify, visit, YAMLParseError } from "#yaml";
import * as esm from "#yaml-esm";
import report from "./report.cjs";

const require = createRequire(import.meta.url);
const { show, frame } = report;

const text = readFileSync(new URL("./config.yaml", import.meta.url), "utf8");
show("default is CommonJS module.exports", YAML === require("./yaml/dist/index.js"));
show("esm is another copy", esm.Document !== Document);
const doc = parseDocument(text, { merge: true });
show("errors/warnings", [doc.errors.length, doc.warnings.length]);
show("toJS", doc.toJS({ mapAsMap: false }));
show("binary", Buffer.from(doc.getIn(["services", "db", "password"])).toString());
show("isMap", isMap(doc.contents));
const out = new Document({ list: [1, "two", { three: 3 }], nested: { a: null, b: true } });
out.set("added", new Scalar("quoted"));
out.get("added", true).type = "QUOTE_DOUBLE";
console.log(out.toString());
console.log(stringify({ esm: esm.stringify([1, { a: "b" }]), n: 0.1 + 0.2 }, { indent: 4 }));
const seen = [];
visit(doc, { Scalar: (key, node) => void (typeof node.value === "number" && seen.push(node.value)) });
show("visited numbers", seen);
show("esm parse matches", JSON.stringify(esm.parse(text, { merge: true })) === JSON.stringify(YAML.parse(text, { merge: true })));
for (const bad of ["a: [1, 2", "key: value\n  bad indent: x", "- a\nb: c"]) {
  try {
    YAML.parse(bad);
    show("parsed", bad);
  } catch (error) {
    show("error", [error instanceof YAMLParseError, error.code, error.message, error.linePos?.[0], frame(error, "yaml")]);
  }
}
try {
  esm.parse("a: b: c");
} catch (error) {
  show("esm error", [error instanceof esm.YAMLParseError, error.code, frame(error, "yaml")]);
}
const util = await import("./yaml/dist/util.js");
show("util keys", Object.keys(util).filter((k) => k !== "default").sort().slice(0, 6));
console.log("done");
