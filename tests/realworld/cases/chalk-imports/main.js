// Drives chalk (its source/ copied in, its package.json the project's): "#supports-color" picks an implementation by condition.

import ansiStyles from "#ansi-styles";
import * as supportsColorModule from "#supports-color";
import fixtures from "./fixtures.json" with { type: "json" };
import chalk, { backgroundColorNames, Chalk, chalkStderr, colorNames, foregroundColorNames, modifierNames, supportsColor } from "./source/index.js";

const show = (label, value) => console.log(`${label}: ${JSON.stringify(value)}`);
// Which "#supports-color" the runtime chose: Node's (createSupportsColor, reads FORCE_COLOR) or the browser one.
show("#supports-color exports", Object.keys(supportsColorModule).sort());
show("supportsColor", supportsColor);
show("level", chalk.level);
show("stderr level", chalkStderr.level);
show("names", [modifierNames.length, foregroundColorNames.length, backgroundColorNames.length, colorNames.length]);
show("ansi-styles red", [ansiStyles.red.open, ansiStyles.red.close]);
show("rgbToAnsi256", ansiStyles.rgbToAnsi256(255, 128, 0));
for (const level of [0, 1, 2, 3]) {
  const c = new Chalk({ level });
  show(`level ${level}`, [
    c.red.bold(fixtures.message),
    c.bgBlue.white.underline("bg"),
    c.hex("#ff8800")("hex"),
    c.rgb(10, 200, 30).visible("rgb"),
    c.bgAnsi256(123)("256"),
    c.italic(`nested ${c.green("green")} back`),
    c.dim.strikethrough.inverse("many"),
  ]);
}
show("template", chalk.blue`plain ${fixtures.message}`);
show("multiline", chalk.yellow("a\nb"));
console.log("done");
