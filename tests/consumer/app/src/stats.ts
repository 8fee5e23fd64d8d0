import { getPixelStats } from "@pxos/core";
import { greet } from "./greet.ts";

greet("stats");
const { installed, adapter, loadedModules } = getPixelStats();
console.log(JSON.stringify({ installed, adapter, served: loadedModules > 0 }));
