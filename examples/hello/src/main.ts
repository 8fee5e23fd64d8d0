import config from "./config.json" with { type: "json" };
import { greet } from "./greet.ts";
import { table } from "./lib/index.ts";
import type { Planet } from "./lib/planets.ts";
import { planets } from "./lib/planets.ts";

const heaviest: Planet = planets.reduce((a, b) => (b.massEarths > a.massEarths ? b : a));

console.log(greet(config.audience));
console.log(table(planets.map((p) => [p.name, `${p.massEarths} M⊕`, `${p.moons} moons`])));
const here = new URL(import.meta.url);
console.log(`Heaviest: ${heaviest.name}. This line ran from ${here.pathname.split("/").slice(-2).join("/")}${here.search}.`);
