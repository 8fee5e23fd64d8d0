/**
 * Fuzz targets: seeded generators of hostile input and the one property each
 * must hold — the input decodes to exactly the original, or raises the one
 * pxos error type with a code. Anything else (another exception, a hang, a
 * runaway allocation) is a bug. Shared by the short run in `npm test` and the
 * long one in `npm run fuzz`.
 */
import { deflateSync } from "node:zlib";
import { decodeImage, encodeImage, isPxosError, Manifest } from "@pxos/core";
import { isImportMapCurrent } from "@pxos/deno-loader";
import fc from "fast-check";
import { parseManifest } from "../../packages/core/src/manifest/index.ts";
import { pngChunk, pngChunks } from "../support/damage.ts";

/** What happened to one input: "exact" (decoded to the original) or a PxosError code. */
export type Outcome = string;

export interface FuzzTarget {
  name: string;
  arbitrary: fc.Arbitrary<Uint8Array | string>;
  run(input: Uint8Array | string): Outcome;
}

/** Run `work`; a PxosError becomes its code, anything else is rethrown as the bug it is. */
function outcome(work: () => Outcome): Outcome {
  try {
    return work();
  } catch (err) {
    if (isPxosError(err)) return err.code;
    throw err;
  }
}

const ORIGINAL = new TextEncoder().encode("export const greeting: string = 'hello from the pixels';\n".repeat(90));
const SMALL_LIMIT = { maxPixels: 1 << 20 };

type Mutation =
  | { kind: "flip"; at: number; bit: number }
  | { kind: "truncate"; at: number }
  | { kind: "set32"; at: number; value: number }
  | { kind: "bytes"; at: number; bytes: Uint8Array }
  | { kind: "chunks"; order: number[]; dup: number | null }
  | { kind: "bomb"; size: number };

function imageTarget(format: "png" | "pxif"): FuzzTarget {
  const image = encodeImage(ORIGINAL, { format, loader: "ts", path: "src/greeting.ts" });
  const chunks = format === "png" ? pngChunks(image) : [];
  const boundaries = [
    0,
    8,
    64,
    image.length - 1,
    ...chunks.flatMap((c) => [c.start, c.start + 4, c.start + 8, c.start + 8 + c.length, c.start + 12 + c.length]),
  ];
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant("flip" as const), at: fc.nat(image.length - 1), bit: fc.nat(7) }),
    fc.record({ kind: fc.constant("truncate" as const), at: fc.constantFrom(...boundaries) }),
    fc.record({
      kind: fc.constant("set32" as const),
      at: fc.constantFrom(...boundaries.filter((b) => b + 4 <= image.length)),
      value: fc.constantFrom(0, 1, 0x7fffffff, 0xffffffff, 60000, image.length),
    }),
    fc.record({ kind: fc.constant("bytes" as const), at: fc.nat(image.length - 1), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
    fc.record({ kind: fc.constant("chunks" as const), order: fc.shuffledSubarray([...chunks.keys()]), dup: fc.option(fc.nat(Math.max(0, chunks.length - 1))) }),
    fc.record({ kind: fc.constant("bomb" as const), size: fc.constantFrom(1e6, 5e7) }),
  );
  const chunkBytes = (i: number) => {
    const c = chunks[i] as (typeof chunks)[number];
    return image.subarray(c.start, c.start + 12 + c.length);
  };
  const mutate = (m: Mutation): Uint8Array => {
    const copy = new Uint8Array(image);
    switch (m.kind) {
      case "flip":
        copy[m.at] = (copy[m.at] ?? 0) ^ (1 << m.bit);
        return copy;
      case "truncate":
        return copy.subarray(0, m.at);
      case "set32":
        new DataView(copy.buffer).setUint32(m.at, m.value);
        return copy;
      case "bytes":
        copy.set(m.bytes.subarray(0, copy.length - m.at), m.at);
        return copy;
      case "chunks":
        // Reordered, missing and duplicated chunks (PXIF has none: its header alone stands in).
        return format === "png"
          ? Buffer.concat([image.subarray(0, 8), ...m.order.map(chunkBytes), ...(m.dup === null ? [] : [chunkBytes(m.dup)])])
          : copy.subarray(0, 64);
      case "bomb": {
        const idat = chunks.findIndex((c) => c.type === "IDAT");
        if (idat < 0) return copy;
        const bomb = pngChunk("IDAT", deflateSync(new Uint8Array(m.size)));
        return Buffer.concat([
          ...chunks.map((_, i) => (i === idat ? bomb : chunkBytes(i))).map((b, i) => (i === 0 ? Buffer.concat([image.subarray(0, 8), b]) : b)),
        ]);
      }
    }
  };
  return {
    name: `${format} image`,
    arbitrary: mutation.map(mutate),
    run: (input) =>
      outcome(() => {
        const { bytes } = decodeImage(input as Uint8Array, { file: "fuzz.pxi", ...SMALL_LIMIT });
        if (Buffer.compare(Buffer.from(bytes), Buffer.from(ORIGINAL)) !== 0) throw new Error("decoded to bytes that are not the original");
        return "exact";
      }),
  };
}

const validManifest = JSON.stringify({
  version: 1,
  root: ".",
  modules: { "src/a.ts": { image: "pixel_src_storage/src/a.ts.0123456789ab.pxi", format: "png", size: 10, sha256: "a".repeat(64), loader: "ts" } },
});

const hostileKey = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "../escape.ts",
    "/etc/passwd",
    "a/../../b.ts",
    "C:\\win.ts",
    "a\\b.ts",
    "\u0000.ts",
    "\ud800.ts",
    "./a.ts",
    "a//b.ts",
    "",
    "__proto__",
    "constructor",
  ),
);

const manifestTarget: FuzzTarget = {
  name: "manifest",
  arbitrary: fc.oneof(
    { arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)), weight: 5 },
    {
      arbitrary: fc
        .record({
          key: hostileKey,
          image: hostileKey,
          size: fc.oneof(fc.integer(), fc.double(), fc.string()),
          format: fc.constantFrom("png", "pxif", "gif"),
          loader: fc.constantFrom("ts", "py"),
          release: fc.oneof(fc.constant(undefined), fc.integer(), fc.double(), fc.string(), fc.constant(null)),
        })
        .map((e) =>
          JSON.stringify({
            version: 1,
            root: ".",
            release: e.release,
            modules: { [e.key]: { image: e.image, format: e.format, size: e.size, sha256: "a".repeat(64), loader: e.loader } },
          }),
        ),
      weight: 10,
    },
    {
      arbitrary: fc
        .tuple(fc.nat(validManifest.length - 1), fc.string({ maxLength: 4 }))
        .map(([at, s]) => validManifest.slice(0, at) + s + validManifest.slice(at + 1)),
      weight: 10,
    },
    { arbitrary: fc.nat(validManifest.length).map((at) => validManifest.slice(0, at)), weight: 5 },
    // Giant manifests: rare, since each costs a real parse of tens of thousands of entries.
    {
      arbitrary: fc.integer({ min: 20_000, max: 100_000 }).map((n) => {
        const modules: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) modules[`src/m${i}.ts`] = { image: `img/m${i}.pxi`, format: "png", size: i, sha256: "b".repeat(64), loader: "ts" };
        return JSON.stringify({ version: 1, root: ".", modules });
      }),
      weight: 1,
    },
  ),
  // Checked at load (commands) or entry by entry on use (adapters): the same verdict either way.
  run: (input) => {
    const file = "/app/pixel_manifest.json";
    const atLoad = outcome(() => {
      parseManifest(input as string, file);
      return "exact";
    });
    const onUse = outcome(() => {
      const manifest = Manifest.parse(input as string, file, { checkEntries: "on use" });
      for (const key of manifest.keys()) manifest.entry(key);
      return "exact";
    });
    if (onUse !== atLoad) throw new Error(`checked on use: ${onUse}; checked at load: ${atLoad}`);
    return atLoad;
  },
};

const importMapTarget: FuzzTarget = {
  name: "import map",
  arbitrary: fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string(),
    fc.constantFrom(
      '{"pxos":null}',
      '{"pxos":{"manifestSha256":7}}',
      '{"imports":{},"pxos":{"version":2,"manifestSha256":"x"}}',
      '{"imports":{"a":"file:///nowhere/a.mjs","b":"file:"},"pxos":{"version":2,"manifestSha256":"x"}}',
      '{"imports":{"a":7},"pxos":{"version":2,"manifestSha256":"x"}}',
      '{"imports":null,"pxos":{"version":2,"manifestSha256":"x"}}',
      "[",
      "\u0000",
    ),
  ),
  // Reading a map must never throw: a malformed one is simply regenerated.
  run: (input) => {
    return isImportMapCurrent(input as string, "x") ? "current" : "not current";
  },
};

export const TARGETS: FuzzTarget[] = [imageTarget("png"), imageTarget("pxif"), manifestTarget, importMapTarget];
