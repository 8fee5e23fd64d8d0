/**
 * Bad input, every command that takes it: one row per input kind × command. Each must end in
 * exit 1 and one line `pxos: FILE: what went wrong [CODE]`, within a time limit (a FIFO or
 * /dev/zero must not block or stream forever) and a memory bound (a bomb is refused before it
 * inflates), and nothing in the tree may change. Rows run a few at a time; each is its own test.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync } from "node:zlib";
import { encodeImage, encodeProject, Manifest, packCartridge } from "@pxos/core";
import { runtimeBinary } from "../support/runtimes.ts";
import { BIN, type Bounded, runBounded, snapshot } from "./harness.ts";

const work = join(import.meta.dirname, "..", ".work", "bad-input");
const app = join(work, "app");
const inputs = join(work, "inputs");
const MEMORY_BOUND_MIB = 400;

/** Input kinds: each a path (relative to the work folder) and how to make it. */
const KINDS = {
  missing: { path: "inputs/missing.pxi", make: () => {} },
  directory: { path: "inputs/dir.pxi", make: (p: string) => mkdirSync(p) },
  fifo: { path: "inputs/fifo.pxi", make: (p: string) => spawnSync("mkfifo", [p]) },
  "/dev/zero": { path: "/dev/zero", make: () => {} },
  junk: { path: "inputs/junk.pxi", make: (p: string) => writeFileSync(p, "neither png nor pxif, just text ".repeat(64)) },
  // Sparse: 1.5 GB that costs no disk, and must not be read to find out it is junk.
  "1.5 GB junk": {
    path: "inputs/huge.pxi",
    make: (p: string) => {
      writeFileSync(p, "");
      truncateSync(p, 1_500_000_000);
    },
  },
  // The same, starting with a PNG signature: refused by its size, still without reading it.
  "1.5 GB behind PNG magic": {
    path: "inputs/huge.png",
    make: (p: string) => {
      writeFileSync(p, validImage().subarray(0, 64));
      truncateSync(p, 1_500_000_000);
    },
  },
  truncated: { path: "inputs/truncated.pxi", make: (p: string) => writeFileSync(p, validImage().subarray(0, 60)) },
  "brotli bomb": {
    path: "inputs/bomb.pxc.png",
    make: (p: string) => writeFileSync(p, cartridgeData(brotliCompressSync(new Uint8Array(1 << 20)), 1, 0xffffffff)),
  },
  "non-UTF-8 trailer": {
    path: "inputs/trailer.pxc.png",
    make: (p: string) => writeFileSync(p, cartridgeData(new Uint8Array(64), 0, 64, [0xff, 0xfe, 0xfd, 0xfc])),
  },
} as const;
type Kind = keyof typeof KINDS;

function validImage(): Uint8Array {
  return encodeImage(new TextEncoder().encode("export const y = 2;\n"), { loader: "ts", path: "src/m.ts" });
}

/** A pxos image whose data ends in a cartridge trailer: `magic` (PXCA unless given), compression, the declared archive length. */
function cartridgeData(payload: Uint8Array, compression: number, declared: number, magic = [0x50, 0x58, 0x43, 0x41]): Uint8Array {
  const trailer = new Uint8Array(16);
  trailer.set(magic);
  trailer[4] = 1;
  trailer[5] = compression;
  new DataView(trailer.buffer).setUint32(12, declared);
  return encodeImage(Buffer.concat([payload, trailer]), { width: 512 });
}

interface Row {
  command: string;
  kind: Kind | string;
  argv: () => string[];
  code: string;
  cwd?: string;
  env?: Record<string, string>;
}

const pxos = (...args: string[]) => [runtimeBinary("bun"), BIN, ...args];
const at = (kind: Kind) => (KINDS[kind].path.startsWith("/") ? KINDS[kind].path : join(work, KINDS[kind].path));

const manifestCodes: Partial<Record<Kind, string>> = {
  missing: "NOT_FOUND",
  directory: "IO",
  fifo: "IO",
  "/dev/zero": "IO",
  junk: "BAD_MANIFEST",
  "1.5 GB junk": "TOO_LARGE",
};
const imageCodes: Partial<Record<Kind, string>> = {
  missing: "NOT_FOUND",
  directory: "IO",
  fifo: "IO",
  "/dev/zero": "IO",
  junk: "BAD_MAGIC",
  "1.5 GB junk": "BAD_MAGIC",
  "1.5 GB behind PNG magic": "TOO_LARGE",
  truncated: "TRUNCATED",
};
const cartridgeCodes: Partial<Record<Kind, string>> = {
  ...imageCodes,
  truncated: "TRUNCATED",
  "brotli bomb": "TOO_LARGE",
  "non-UTF-8 trailer": "BAD_MAGIC",
};

const rows: Row[] = [];
const each = (codes: Partial<Record<Kind, string>>, command: string, argv: (path: string) => string[]) => {
  for (const [kind, code] of Object.entries(codes) as [Kind, string][]) rows.push({ command, kind, argv: () => argv(at(kind)), code });
};
each(imageCodes, "decode", (p) => pxos("decode", p));
each(manifestCodes, "verify --manifest", (p) => pxos("verify", "--manifest", p));
each(manifestCodes, "list --manifest", (p) => pxos("list", "--manifest", p));
each(manifestCodes, "extract --manifest", (p) => pxos("extract", "--out", join(work, "extracted"), "--manifest", p));
each(cartridgeCodes, "list --cartridge", (p) => pxos("list", "--cartridge", p));
each({ fifo: "IO", "1.5 GB junk": "BAD_MAGIC", "brotli bomb": "TOO_LARGE", "non-UTF-8 trailer": "BAD_MAGIC" }, "verify --cartridge", (p) =>
  pxos("verify", "--cartridge", p),
);
each({ fifo: "IO", "brotli bomb": "TOO_LARGE", "non-UTF-8 trailer": "BAD_MAGIC" }, "extract --cartridge", (p) =>
  pxos("extract", "--out", join(work, "extracted"), "--cartridge", p),
);
each({ fifo: "IO", "brotli bomb": "TOO_LARGE", "non-UTF-8 trailer": "BAD_MAGIC" }, "unpack", (p) => pxos("unpack", p, "--out", join(work, "extracted")));
each({ "brotli bomb": "TOO_LARGE", "non-UTF-8 trailer": "BAD_MAGIC" }, "run", (p) => pxos("run", p));
each({ missing: "NOT_FOUND", fifo: "IO" }, "encode ROOT", (p) => pxos("encode", p));
each({ directory: "IO", fifo: "IO", junk: "BAD_MANIFEST" }, "encode --manifest", (p) => pxos("encode", app, "--manifest", p));
each({ missing: "NOT_FOUND", fifo: "IO" }, "pack ROOT", (p) => pxos("pack", p, "--out", join(work, "out.pxc.png")));
each({ fifo: "IO", junk: "BAD_MANIFEST" }, "import-map --manifest", (p) => pxos("import-map", "--manifest", p, "--out", join(work, "map.json")));
rows.push(
  { command: "encode --out", kind: "a file", argv: () => pxos("encode", app, "--out", join(app, "package.json")), code: "IO" },
  { command: "encode --out", kind: "outside the manifest's folder", argv: () => pxos("encode", app, "--out", join(work, "elsewhere")), code: "PATH_ESCAPE" },
);

for (const kind of ["fifo", "brotli bomb", "non-UTF-8 trailer"] as Kind[]) {
  rows.push(
    {
      command: "node24 import, PXOS_CARTRIDGE",
      kind,
      argv: () => [runtimeBinary("node24"), "--import", "@pxos/node-hook/register", "src/main.ts"],
      code: cartridgeCodes[kind] as string,
      cwd: app,
      env: { PXOS_CARTRIDGE: at(kind) },
    },
    {
      command: "bun import, PXOS_CARTRIDGE",
      kind,
      argv: () => [runtimeBinary("bun"), "--preload", "@pxos/bun-plugin/preload", "src/main.ts"],
      code: cartridgeCodes[kind] as string,
      cwd: app,
      env: { PXOS_CARTRIDGE: at(kind) },
    },
  );
}

rows.push(
  { command: "verify", kind: "a FIFO as the manifest's .sig", argv: () => pxos("verify"), code: "IO", cwd: join(work, "app-sig") },
  { command: "verify --trust", kind: "fifo", argv: () => pxos("verify", "--trust", at("fifo")), code: "IO", cwd: app },
  {
    command: "node24 import, PXOS_TRUST",
    kind: "fifo",
    argv: () => [runtimeBinary("node24"), "--import", "@pxos/node-hook/register", "src/main.ts"],
    code: "IO",
    cwd: app,
    env: { PXOS_TRUST: at("fifo") },
  },
);

/** A copy of the app per damage, its module src/m.ts's image replaced by that kind of input. */
const imageDamages: Partial<Record<Kind, string>> = { missing: "NOT_FOUND", directory: "IO", fifo: "IO", junk: "BAD_MAGIC", truncated: "TRUNCATED" };
const adapters: Record<string, (entry: string) => string[]> = {
  "node24 import": (entry) => [runtimeBinary("node24"), "--import", "@pxos/node-hook/register", entry],
  "node24 import (module.register)": (entry) => [runtimeBinary("node24"), "--import", "@pxos/node-hook/register", entry],
  "bun import": (entry) => [runtimeBinary("bun"), "--preload", "@pxos/bun-plugin/preload", entry],
  "pxos import-map (deno)": () => pxos("import-map"),
};
for (const [kind, code] of Object.entries(imageDamages) as [Kind, string][]) {
  for (const [command, argv] of Object.entries(adapters)) {
    if (command.includes("module.register") && kind !== "fifo" && kind !== "junk") continue;
    const dir = join(work, `app-${kind}`);
    rows.push({
      command,
      kind: `image ${kind}`,
      argv: () => argv("src/main.ts"),
      code,
      cwd: dir,
      env: { PXOS_CACHE: "0", ...(command.includes("module.register") ? { PXOS_NODE_HOOKS: "async" } : {}) },
    });
  }
}

let before: Record<string, string>;
const results = new Map<Row, Bounded>();

beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(app, "src"), { recursive: true });
  mkdirSync(inputs);
  writeFileSync(join(app, "package.json"), '{ "type": "module" }\n');
  writeFileSync(join(app, "src", "main.ts"), 'import { y } from "./m.ts";\nconsole.log("y", y);\n');
  writeFileSync(join(app, "src", "m.ts"), "export const y = 2;\n");
  encodeProject({ root: app });
  spawnSync("ln", ["-s", join(import.meta.dirname, "..", "..", "node_modules"), join(app, "node_modules")]);
  writeFileSync(join(work, "app.pxc.png"), packCartridge({ root: app, entry: "src/main.ts" }).image);
  for (const { path, make } of Object.values(KINDS)) if (!path.startsWith("/")) make(join(work, path));
  cpSync(app, join(work, "app-sig"), { recursive: true });
  spawnSync("mkfifo", [join(work, "app-sig", "pixel_manifest.json.sig")]);
  for (const kind of Object.keys(imageDamages) as Kind[]) {
    const dir = join(work, `app-${kind}`);
    cpSync(app, dir, { recursive: true });
    // Adapters are resolved from the repository's node_modules, as an installed project would.
    spawnSync("ln", ["-s", join(import.meta.dirname, "..", "..", "node_modules"), join(dir, "node_modules")]);
    const image = Manifest.load(join(dir, "pixel_manifest.json")).imagePath("src/m.ts");
    rmSync(image);
    KINDS[kind].make(image);
  }
  before = snapshot(work);
  const queue = [...rows];
  const worker = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      const t = performance.now();
      results.set(row, await runBounded(row.argv(), { cwd: row.cwd ?? work, env: row.env }));
      if (process.env.PXOS_TIME_ROWS) console.log(`${(performance.now() - t).toFixed(0)} ms ${row.command} on ${row.kind}`);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(rows.map((r) => [r.command, r.kind, r] as const))("%s on %s", (_command, _kind, row) => {
  test(`exit 1, one line [${row.code}], bounded`, () => {
    const r = results.get(row) as Bounded;
    expect(r.timedOut).toBe(false);
    const err = r.err.trimEnd();
    expect({ code: r.code, err }).toMatchObject({ code: 1, err: expect.stringMatching(new RegExp(`^pxos: [^\\n]+: [^\\n]+ \\[${row.code}\\]$`)) });
    if (r.peakMiB !== undefined) expect(r.peakMiB).toBeLessThan(MEMORY_BOUND_MIB);
  });
});

test("nothing in the tree changed", () => {
  expect(snapshot(work)).toEqual(before);
}, 30_000);

test("the fixtures are what the rows say: the app itself runs from its pixels", () => {
  expect(Manifest.load(join(app, "pixel_manifest.json")).keys()).toEqual(["package.json", "src/m.ts", "src/main.ts"]);
  expect(readFileSync(join(work, "inputs", "junk.pxi"), "utf8")).toStartWith("neither");
});
