// Drives lodash-es (every module of the package, copied in as lodash-es/): the aggregate module imports all of them.

import fixtures from "./fixtures.json" with { type: "json" };
import kebabCase from "./lodash-es/kebabCase.js";
import _, { camelCase, chunk, debounce, groupBy, merge, orderBy, template, uniqBy } from "./lodash-es/lodash.js";

const show = (label, value) => console.log(`${label}: ${JSON.stringify(value)}`);
const { people } = fixtures;

show("version", _.VERSION);
show("functions", _.functions(_).length);
show("chunk", chunk([1, 2, 3, 4, 5], 2));
show("groupBy", groupBy(people, "team"));
show(
  "orderBy",
  orderBy(people, ["age", "name"], ["desc", "asc"]).map((p) => p.name),
);
show(
  "uniqBy",
  uniqBy(people, "team").map((p) => p.team),
);
show("merge", merge({ a: { b: 1, c: [1] } }, { a: { d: 2, c: [undefined, 2] } }));
show("camelCase", camelCase("Pixels as source code"));
show("kebabCase", kebabCase("pixelsAsSourceCode"));
show("template", template("Hello <%= name %>, <%- html %>!")({ name: "pxos", html: "<b>" }));
show("chain", _.chain(people).filter("active").map("name").sortBy().join(" + ").value());
show("fp-ish", _.flow([(xs) => _.map(xs, "age"), _.sum, (n) => n / people.length])(people));
show("deep", _.get({ a: [{ b: { c: 42 } }] }, "a[0].b.c"));
show("set", _.set({}, "x.y[1].z", true));
show("isEqual", _.isEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }));
show("cloneDeep", _.cloneDeep(people)[0]);
show("range", _.range(0, 20, 5));
show("zipObject", _.zipObject(["a", "b"], [1, 2]));
show(
  "partition",
  _.partition([1, 2, 3, 4], (n) => n % 2),
);
show(
  "memoize",
  (() => {
    const f = _.memoize((n) => n * 2);
    f(2);
    return f.cache.has(2);
  })(),
);
show("escape", _.escape("<a href='x'>&</a>"));
show("words", _.words("fred, barney, & pebbles"));
show("padStart", _.padStart("7", 3, "0"));
show("debounce", typeof debounce(() => {}, 10).cancel);
show("intersectionBy", _.intersectionBy([2.1, 1.2], [2.3, 3.4], Math.floor));
show("countBy", _.countBy(["one", "two", "three"], "length"));
show("sortedIndex", _.sortedIndex([30, 50], 40));
show("invert", _.invert({ a: 1, b: 2 }));
console.log("done");
