/** @jsxImportSource preact */
// A small Preact app rendered to a string: the components reach preact and its renderer by bare name.
import { renderToString } from "preact-render-to-string";
import { App } from "./components/App.tsx";
import data from "./data.json" with { type: "json" };
import { slugify } from "./lib/slug.js";

console.log(renderToString(<App title={data.title} items={data.items} />));
console.log(renderToString(<p id={slugify(data.title)}>{data.items.length} items</p>, {}, { pretty: true }));
console.log("done");
