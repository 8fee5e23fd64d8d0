// Drives commander 12.1.0 (copied in as commander/): its ESM wrapper esm.mjs default-imports the CommonJS index.js
// (commander/package.json says "commonjs") and re-exports its keys; Command extends node:events' EventEmitter.
import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Command, CommanderError, InvalidArgumentError, Option, program } from "./commander/esm.mjs";
import report from "./report.cjs";

const require = createRequire(import.meta.url);
const { show, frame } = report;

const cjs = require("./commander/index.js");
show("same Command through require", cjs.Command === Command);
show("same program", cjs.program === program);
show("EventEmitter", new Command() instanceof EventEmitter);
show("package version", require("./commander/package.json").version);
show("usage file", readFileSync(new URL("./usage.txt", import.meta.url), "utf8").trim());

function makeProgram(log) {
  const out = [];
  const cmd = new Command("deploy")
    .description("deploy a thing")
    .version("1.2.3", "-V, --version")
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => out.push(`ERR ${s}`), getOutHelpWidth: () => 80, getErrHelpWidth: () => 80 })
    .option("-v, --verbose", "talk more")
    .option("-n, --count <n>", "how many", (value) => {
      const n = Number.parseInt(value, 10);
      if (Number.isNaN(n)) throw new InvalidArgumentError("Not a number.");
      return n;
    }, 1)
    .addOption(new Option("-m, --mode <mode>", "the mode").choices(["fast", "safe"]).default("safe"))
    .argument("<target>", "where to")
    .argument("[rest...]", "more")
    .action((target, rest, options) => log.push({ target, rest, options: { ...options } }));
  cmd.on("option:verbose", () => log.push("event option:verbose"));
  cmd
    .command("status")
    .option("--json")
    .action((options) => log.push({ status: options }));
  return { cmd, out };
}

for (const argv of [
  ["prod", "a", "b", "-v", "--count", "3"],
  ["status", "--json"],
  ["prod", "--mode", "slow"],
  ["prod", "--count", "x"],
  ["--nope"],
  ["--version"],
  [],
]) {
  const log = [];
  const { cmd, out } = makeProgram(log);
  try {
    cmd.parse(argv, { from: "user" });
    show(argv.join(" "), { log, out });
  } catch (error) {
    show(argv.join(" ") || "(none)", { log, out, error: [error instanceof CommanderError, error.code, error.exitCode, error.message] });
  }
}

const { cmd } = makeProgram([]);
console.log(cmd.helpInformation());
try {
  cmd.parse(["--bad"], { from: "user" });
} catch (error) {
  show("frame", frame(error, "commander"));
}
const again = await import("./commander/esm.mjs");
show("dynamic import same", again.Command === Command);
console.log("done");
