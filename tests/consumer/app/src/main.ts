import config from "./config.json" with { type: "json" };
import { greet } from "./greet.ts";

const who: string = config.name;
console.log(greet(who));
const { shout } = await import("./lazy.ts");
console.log(shout("a dynamic import"));
