// Drives semver (every module of the package, copied in as semver/): a folder require and extensionless requires.
const semver = require("./semver");
const satisfies = require("./semver/functions/satisfies");
const Range = require("./semver/classes/range");
const { versions } = require("./fixtures.json");

const show = (label, value) => console.log(`${label}: ${JSON.stringify(value)}`);
show("SEMVER_SPEC_VERSION", semver.SEMVER_SPEC_VERSION);
show(
  "valid",
  versions.map((v) => semver.valid(v)),
);
show("clean", semver.clean("  =v1.2.3   "));
show("coerce", semver.coerce("v2.3-rc")?.version);
show("sort", semver.sort([...versions.filter((v) => semver.valid(v))]));
show("rsort", semver.rsort([...versions.filter((v) => semver.valid(v))]));
show("satisfies", satisfies("1.2.3", "^1.0.0 || >=2.0.0 <3"));
show(
  "maxSatisfying",
  semver.maxSatisfying(
    versions.filter((v) => semver.valid(v)),
    "~1.2",
  ),
);
show("minVersion", semver.minVersion(">=1.4.0-beta.1 <2")?.version);
show(
  "inc",
  ["major", "minor", "patch", "prerelease", "premajor"].map((t) => semver.inc("1.2.3-alpha.1", t, "beta")),
);
show("diff", semver.diff("1.2.3", "1.3.0-rc.1"));
show("range", new Range("1.x || >=2.5.0 || 5.0.0 - 7.2.3").range);
show("simplify", semver.simplifyRange(["1.0.0", "1.1.0", "1.2.0", "2.0.0"], ">=1.0.0 <3"));
show("subset", semver.subset("^1.2.0", ">=1.0.0"));
show("intersects", semver.intersects("^1.2.0", "~1.3.4"));
show("outside", semver.gtr("3.0.0", "1.x"));
show("parse", semver.parse("4.5.6-beta.7+build.8")?.prerelease);
show("compareBuild", semver.compareBuild("1.0.0+b", "1.0.0+a"));
show("toComparators", semver.toComparators("^1.2 || 3.x"));
try {
  new semver.SemVer("not a version");
} catch (error) {
  show("error", `${error.name}: ${error.message}`);
}
console.log("done");
