/** The same image decodes to the same bytes — and encodes to the same image — under Bun, Deno, Node 22 and Node 24. */
import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeImage } from "@pxos/core";
import { REPO, RUNTIME_BINARIES, type RuntimeName, runtimeBinary } from "../support/runtimes.ts";

const dir = join(REPO, "tests", ".work", "cross-runtime");
mkdirSync(dir, { recursive: true });
const sources = [
  new Uint8Array(0),
  new TextEncoder().encode("export const π = 3.14159; // ✓\n".repeat(500)),
  Uint8Array.from({ length: 300_001 }, (_, i) => (i * 7919) & 0xff),
];
const images: string[] = [];
sources.forEach((data, i) => {
  for (const format of ["png", "pxif"] as const) {
    const path = join(dir, `sample-${i}.${format}.pxi`);
    writeFileSync(path, encodeImage(data, { format, loader: "ts", path: `s${i}.ts` }));
    images.push(path);
  }
});

const script = join(dir, "decode-all.ts");
writeFileSync(
  script,
  `import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { decodeImage, encodeImage } from "@pxos/core";
for (const path of process.argv.slice(2)) {
  const { bytes, info } = decodeImage(readFileSync(path), { file: path });
  const again = encodeImage(bytes, { format: info.format, loader: info.loader, path: info.path });
  const h = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
  console.log(h(bytes), h(again) === h(readFileSync(path)));
}
`,
);

const expected = images
  .map(
    (_, i) =>
      `${createHash("sha256")
        .update(sources[i >> 1] as Uint8Array)
        .digest("hex")} true`,
  )
  .join("\n");

test.each(Object.keys(RUNTIME_BINARIES) as RuntimeName[])("%s decodes every image identically and re-encodes it byte for byte", (runtime) => {
  const args = runtime === "deno" ? ["run", "--allow-read", script, ...images] : [script, ...images];
  const run = spawnSync(runtimeBinary(runtime), args, { cwd: REPO, encoding: "utf8", env: { ...process.env, DENO_DIR: join(REPO, ".deno") } });
  expect(run.stderr).toBe("");
  expect(run.stdout.trim()).toBe(expected);
});
