// Drives iconv-lite 0.6.3 (copied in as iconv-lite/): CommonJS that lazily requires a parent folder ("../encodings"),
// lazily requires its JSON code tables inside functions, requires the built-in "stream" in try/catch, and requires
// safer-buffer by bare name from the node_modules beside the project.
const { show, frame } = require("./report.cjs");
const iconv = require("./iconv-lite");

const hex = (buf) => Buffer.from(buf).toString("hex");
show("before load", iconv.encodings);
const samples = [
  ["shift_jis", "日本語テキスト"],
  ["euc-jp", "ピクセル"],
  ["gbk", "像素中的源代码"],
  ["gb18030", "𠀀 ☃"],
  ["big5", "繁體中文"],
  ["euc-kr", "픽셀"],
  ["win1251", "Привет"],
  ["koi8-r", "мир"],
  ["utf-16le", "a€😀"],
  ["utf-16", "bom"],
  ["utf-32be", "z"],
  ["utf-7", "A≢Α."],
  ["latin1", "café"],
];
for (const [enc, text] of samples) {
  const buf = iconv.encode(text, enc);
  show(enc, [hex(buf), iconv.decode(buf, enc) === text]);
}
show("encodings loaded", Object.keys(iconv.encodings).length);
show("exists", ["sjis", "cp932", "nope", "ISO-8859-5", "windows-874"].map((e) => iconv.encodingExists(e)));
show("tables required", Object.keys(require.cache).filter((k) => k.endsWith(".json")).map((k) => k.split("/").pop()).sort());
const decoder = iconv.getDecoder("shift_jis");
const bytes = iconv.encode("分割された文字", "shift_jis");
show("streaming decoder", [decoder.write(bytes.subarray(0, 3)), decoder.write(bytes.subarray(3)), decoder.end() ?? ""]);
show("stream API", typeof iconv.decodeStream);
try {
  iconv.encode("x", "no-such-encoding");
} catch (error) {
  show("unknown", [error.message, frame(error, "iconv-lite/")]);
}
const { Readable } = require("node:stream");
const chunks = [];
Readable.from([iconv.encode("ストリーム", "euc-jp")])
  .pipe(iconv.decodeStream("euc-jp"))
  .on("data", (c) => chunks.push(c))
  .on("end", async () => {
    show("decodeStream", chunks.join(""));
    const ns = await import("./iconv-lite/encodings/tables/big5-added.json", { with: { type: "json" } });
    show("dynamic table", [Array.isArray(ns.default), ns.default.length]);
    console.log("done");
  });
