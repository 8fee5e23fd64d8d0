// An ES module using semver (CommonJS, copied in as semver/): default and named imports of its module.exports, and createRequire.
import semver, { compare, inc, satisfies } from "./semver/index.js";
import { createRequire } from "node:module";

const show = (label, value) => console.log(`${label}: ${JSON.stringify(value)}`);
const require = createRequire(import.meta.url);
show("same module", require("./semver/index.js") === semver);
show("named", [satisfies("1.2.3", "^1"), compare("1.0.0", "2.0.0"), inc("1.2.3", "minor")]);
show("class", new semver.SemVer("1.2.3-beta.4").prerelease);
show("default", [semver.valid("v9.8.7"), require("./semver/functions/clean")(" =1.0.0 ")]);
show("range", new semver.Range(">=1.2 <3 || 4.x").set.length);
show("keys", Object.keys(semver).length);
console.log("done");
