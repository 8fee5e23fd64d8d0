// The boot file of the design card: `bun --preload @pxos/bun-plugin/preload boot.ts`.
// It is encoded with the rest, so it too runs from its pixels.
import { relative } from "node:path";
import { getPixelStats } from "@pxos/core";

const stats = getPixelStats();
if (!stats.installed) throw new Error("no pxos adapter is installed: run through `npm start` or the README's command");
console.log(`pxos: ${stats.totalModules} modules (${stats.totalBytes} bytes) available from pixels via ${stats.adapter}`);
console.log(`pxos: manifest ${relative(process.cwd(), stats.manifestPath ?? "")}\n`);
await import("./src/main.ts");
console.log(`\npxos: ${getPixelStats().loadedModules} modules were served from pixels`);
