// Drives dayjs 1.11.13 (copied in as dayjs/): UMD builds required as CommonJS, the core through the folder's
// package.json "main", plugins by computed paths in a loop, and locale.json (a JSON list of locales).
const { show, frame } = require("./report.cjs");
const dayjs = require("./dayjs");

const plugins = ["utc", "timezone", "customParseFormat", "advancedFormat", "relativeTime", "duration", "isoWeek", "weekOfYear", "weekYear", "localizedFormat", "objectSupport"];
for (const name of plugins) dayjs.extend(require(`./dayjs/plugin/${name}`));
const locales = require("./dayjs/locale.json");
show("locale.json", [locales.length, locales.find((l) => l.key === "de")]);

const t = dayjs.utc("2024-02-29T13:45:30.123Z");
show("format", t.format("YYYY-MM-DD HH:mm:ss.SSS [Q]Q Do wo gggg"));
show("localized", t.format("dddd LL LT"));
show("parse custom", dayjs.utc("29/02/2024 07:08", "DD/MM/YYYY HH:mm").toISOString());
show("object", dayjs.utc({ year: 2020, month: 0, day: 31, hour: 1 }).add(1, "month").toISOString());
show("isoWeek", [t.isoWeek(), t.isoWeekday(), t.startOf("isoWeek").format("YYYY-MM-DD")]);
show("relative", t.from(dayjs.utc("2024-05-01T00:00:00Z")));
show("duration", [dayjs.duration(90061000).format("D[d] H[h] m[m] s[s]"), dayjs.duration({ months: 14 }).toISOString()]);
show("timezone", t.tz("Asia/Tokyo").format("YYYY-MM-DD HH:mm Z"));
show("diff", [t.diff("2023-01-01T00:00:00Z", "day"), dayjs.utc("2024-13-40").isValid()]);
show("loaded", Object.keys(require.cache).filter((k) => k.includes("/dayjs/")).map((k) => k.slice(k.indexOf("dayjs/"))).sort());
try {
  require(`./dayjs/plugin/${"notAPlugin"}`);
} catch (error) {
  show("missing plugin", [error.code, error.message.split("\n")[0].replace(/ '.*\/dayjs/, " '<dayjs")]);
}
try {
  dayjs.duration(null).format(undefined.x);
} catch (error) {
  show("stack", [error.name, frame(error, "main.cjs")]);
}
import("./dayjs/plugin/quarterOfYear.js").then((ns) => {
  dayjs.extend(ns.default);
  show("dynamic plugin", [typeof ns.default, t.quarter(), t.add(1, "quarter").format("YYYY-MM-DD")]);
  console.log("done");
});
