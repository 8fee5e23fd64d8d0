// Drives hono 4.6.14 (copied in as hono/): an app in TypeScript over its ES-module build (dist/, ~170 modules with
// `.js` specifiers among folders), middleware and helpers, answering requests in process; its CommonJS build
// (dist/cjs, "type": "commonjs") is required beside it.
import { createRequire } from "node:module";
import data from "./data.json" with { type: "json" };
import { Hono } from "./hono/dist/index.js";
import { html, raw } from "./hono/dist/helper/html/index.js";
import { getCookie, setCookie } from "./hono/dist/helper/cookie/index.js";
import { HTTPException } from "./hono/dist/http-exception.js";
import { basicAuth } from "./hono/dist/middleware/basic-auth/index.js";
import { cors } from "./hono/dist/middleware/cors/index.js";
import { etag } from "./hono/dist/middleware/etag/index.js";
import { prettyJSON } from "./hono/dist/middleware/pretty-json/index.js";
import { validator } from "./hono/dist/validator/index.js";
import report from "./report.cjs";

type User = { id: number; name: string };
const require = createRequire(import.meta.url);
const { show, frame } = report;

const app = new Hono();
const thrown: Error[] = [];
app.use("/api/*", cors({ origin: "https://example.com" }), prettyJSON());
app.use("/etag/*", etag());
app.get("/", (c) => c.text("hello from hono"));
app.get("/api/users", (c) => c.json(data.users as User[]));
app.get("/api/users/:id{[0-9]+}", (c) => {
  const user = (data.users as User[]).find((u) => u.id === Number(c.req.param("id")));
  if (!user) throw new HTTPException(404, { message: `no user ${c.req.param("id")}` });
  return c.json(user);
});
app.post(
  "/api/users",
  validator("json", (value, c) => (typeof value?.name === "string" ? value : c.json({ error: "name required" }, 400))),
  (c) => c.json({ created: c.req.valid("json") }, 201),
);
app.get("/html/:name", (c) => c.html(html`<p title="${c.req.param("name")}">${c.req.param("name")} ${raw("<b>raw</b>")}</p>`));
app.get("/etag/doc", (c) => c.text("same body every time"));
app.get("/cookie", (c) => {
  setCookie(c, "seen", String(Number(getCookie(c, "seen") ?? 0) + 1), { path: "/", httpOnly: true });
  return c.text("ok");
});
app.get("/secret", basicAuth({ username: "px", password: "os" }), (c) => c.text("in"));
app.get("/boom", () => {
  throw new TypeError("handler failed");
});
const sub = new Hono().basePath("/v2");
sub.get("/items/*", (c) => c.text(`wild ${c.req.path}`));
app.route("/", sub);
app.notFound((c) => c.text(`nothing at ${c.req.path}`, 404));
app.onError((error, c) => {
  thrown.push(error);
  if (error instanceof HTTPException) return error.getResponse();
  return c.text(`caught: ${error.message}`, 500);
});

const requests: [string, RequestInit?][] = [
  ["/"],
  ["/api/users?pretty"],
  ["/api/users/2", { headers: { Origin: "https://example.com" } }],
  ["/api/users/9"],
  ["/api/users/x"],
  ["/api/users", { method: "POST", body: JSON.stringify({ name: "Linus" }), headers: { "content-type": "application/json" } }],
  ["/api/users", { method: "POST", body: JSON.stringify({}), headers: { "content-type": "application/json" } }],
  ["/api/users", { method: "OPTIONS", headers: { Origin: "https://example.com", "Access-Control-Request-Method": "POST" } }],
  ["/html/<x>"],
  ["/etag/doc"],
  ["/cookie", { headers: { Cookie: "seen=4" } }],
  ["/secret"],
  ["/secret", { headers: { Authorization: `Basic ${btoa("px:os")}` } }],
  ["/boom"],
  ["/v2/items/a/b"],
];
for (const [path, init] of requests) {
  const response = await app.request(path, init);
  const headers = [...response.headers].filter(([k]) => !["date"].includes(k)).sort();
  show(`${init?.method ?? "GET"} ${path}`, [response.status, headers, await response.text()]);
}
show("errors seen", thrown.map((e) => [e.constructor.name, e.message, frame(e, "hono") ?? frame(e, "main")]));
show("routes", app.routes.map((r) => `${r.method} ${r.path}`));

const cjs = require("./hono/dist/cjs/index.js");
show("cjs Hono differs", [typeof cjs.Hono, cjs.Hono !== Hono, (await (new cjs.Hono().get("/", (c: any) => c.text("cjs"))).request("/")).status]);
const { Hono: again } = await import("./hono/dist/hono.js");
show("dynamic import same", again === Hono);
console.log("done");
