// Drives ajv 8.17.1 (CommonJS, copied in as ajv/): JSON meta-schemas
// required from its dist/refs, validators generated with new Function, and its dependencies (fast-deep-equal,
// fast-uri, json-schema-traverse) required by bare name from the node_modules beside the project.
// A folder required through its package.json "main" (dist/ajv.js).
const Ajv = require("./ajv");
const Ajv2020 = require("./ajv/dist/2020").default;
const AjvJTD = require("./ajv/dist/jtd");
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const schemas = require("./schemas.json");

const { show, frame } = require("./report.cjs");

show("version", require("./ajv/package.json").version);
show("default export", Ajv.default === Ajv);
show("notes", readFileSync(join(__dirname, "notes.txt"), "utf8").trim());

const ajv = new Ajv({ allErrors: true, useDefaults: true, discriminator: true });
const person = ajv.compile(schemas.person);
const alice = { name: "Alice", tags: ["a", "b"], address: { zip: "12345" } };
show("valid", [person(alice), alice]);
show("invalid", person({ name: "A", age: -1, tags: ["x", "x"], address: { zip: "abc" }, extra: 1 }));
show(
  "errors",
  person.errors.map((e) => `${e.instancePath || "/"} ${e.keyword} ${e.message}`),
);
show("errorsText", ajv.errorsText(person.errors, { separator: " | " }));
const shape = ajv.compile(schemas.shape);
show("discriminator", [shape({ kind: "circle", r: 1 }), shape({ kind: "square", r: 1 }), shape.errors?.[0]?.message]);
show("getSchema by $id", typeof ajv.getSchema("https://example.com/person.json"));
show("code length > 0", person.toString().length > 100);
show("draft-07 meta", ajv.getSchema("http://json-schema.org/draft-07/schema")?.schema?.title ?? null);

const ajv2020 = new Ajv2020({ strict: false });
const tuple = ajv2020.compile({ type: "array", prefixItems: [{ type: "number" }, { type: "string" }], items: false });
show("2020 prefixItems", [tuple([1, "a"]), tuple([1, "a", true])]);
show("2020 meta", ajv2020.getSchema("https://json-schema.org/draft/2020-12/schema")?.schema?.$id ?? null);

const jtd = new AjvJTD();
const parse = jtd.compileParser({ properties: { id: { type: "uint32" }, name: { type: "string" } } });
show("jtd parse", [parse('{"id": 7, "name": "px"}'), parse('{"id": -1}') ?? parse.message]);
const serialize = jtd.compileSerializer({ elements: { type: "string" } });
show("jtd serialize", serialize(["a", 'q"uote']));

try {
  new Ajv().compile({ type: "no-such-type" });
} catch (error) {
  show("bad schema", error.message);
  show("bad schema frame", frame(error, "ajv"));
}
try {
  new Ajv().compile({ $ref: "missing.json#/x" });
} catch (error) {
  show("missing ref", [error.constructor.name, error.message, error.missingRef]);
}
const cached = Object.keys(require.cache).filter((k) => k.includes("ajv")).length;
show("require.cache has ajv modules", cached > 10);
console.log("done");
