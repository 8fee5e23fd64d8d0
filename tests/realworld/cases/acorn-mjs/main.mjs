// Drives acorn 8.14.0 (copied in as acorn/): one large ES module (dist/acorn.mjs, ~6000 lines) and its UMD build
// (dist/acorn.js, CommonJS in a package without "type") required beside it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as acorn from "./acorn/dist/acorn.mjs";
import { Parser, tokenizer, version } from "./acorn/dist/acorn.mjs";
import report from "./report.cjs";

const require = createRequire(import.meta.url);
const { show, frame } = report;

const source = readFileSync(new URL("./sample.txt", import.meta.url), "utf8");
show("version", [version, require("./acorn/package.json").version]);
show("exports", Object.keys(acorn).length);
const comments = [];
const ast = acorn.parse(source, { ecmaVersion: "latest", sourceType: "module", locations: true, onComment: comments });
const counts = {};
(function walk(node) {
  if (!node || typeof node.type !== "string") return;
  counts[node.type] = (counts[node.type] ?? 0) + 1;
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object" && value.type) walk(value);
  }
})(ast);
show("node types", Object.entries(counts).sort());
show("comments", comments.map((c) => [c.type, c.value.trim(), c.loc.start.line]));
show("class loc", ast.body[1].declaration.loc);
show("tokens", [...tokenizer("let a = b?.c ?? 1n;", { ecmaVersion: 2022 })].map((t) => t.type.label));
show("expression", acorn.parseExpressionAt("x => x ** 2, rest", 0, { ecmaVersion: 2020 }).type);

class Counting extends Parser {
  parseIdent(liberal) {
    this.identCount = (this.identCount ?? 0) + 1;
    return super.parseIdent(liberal);
  }
}
const parser = new Counting({ ecmaVersion: 2020 }, "const a = b + c.d(e)");
parser.parse();
show("extended parser idents", parser.identCount);

for (const bad of ["let x = ;", "class { }", "await 1", "const a = 1;\nconst a = 2;"]) {
  try {
    acorn.parse(bad, { ecmaVersion: 2020 });
    show("parsed", bad);
  } catch (error) {
    show("error", [error.name, error.message, error.pos, error.loc, frame(error, "acorn")]);
  }
}

const umd = require("./acorn/dist/acorn.js");
show("umd", [umd.version, umd.Parser === Parser, JSON.stringify(umd.parse("a+1", { ecmaVersion: 5 })) === JSON.stringify(acorn.parse("a+1", { ecmaVersion: 5 }))]);
const again = await import("./acorn/dist/acorn.mjs");
show("dynamic import same", again.Parser === Parser);
console.log("done");
