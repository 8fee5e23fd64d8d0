import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const legacy = require("./legacy.cjs") as { describe(): string };
console.log(legacy.describe());
