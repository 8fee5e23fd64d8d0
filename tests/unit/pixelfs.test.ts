import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isPxosError, PixelFS } from "@pxos/core";

test("PixelFS: write, read with offset and length, info, verify, list — like pxOS", () => {
  const fs = new PixelFS(mkdtempSync(join(tmpdir(), "pxos-fs-")));
  const data = Uint8Array.from({ length: 10_000 }, (_, i) => i & 0xff);
  expect(fs.write("model", data, { format: "pxif" })).toEndWith("model.pxi");
  fs.write("nested/code.pxi", new TextEncoder().encode("export {}"));
  expect(fs.read("model")).toEqual(data);
  expect(fs.read("model.pxi", { offset: 1024, length: 16 })).toEqual(data.subarray(1024, 1040));
  expect(fs.read("model", { offset: 9_990 })).toEqual(data.subarray(9_990));
  expect(fs.info("model")).toMatchObject({ format: "pxif", width: 1024, height: 4, size: 10_000 });
  expect(fs.info("nested/code").format).toBe("png");
  expect(fs.list()).toEqual(["model.pxi", "nested/code.pxi"]);
  expect(fs.verify("model")).toBe(true);
  writeFileSync(fs.path("model"), new Uint8Array(100));
  expect(fs.verify("model")).toBe(false);
  expect(() => fs.read("../escape")).toThrow(/PATH_ESCAPE/);
  try {
    fs.read("absent");
  } catch (err) {
    expect(isPxosError(err, "NOT_FOUND")).toBe(true);
  }
});
