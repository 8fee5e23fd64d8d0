/**
 * Codec throughput on the runtime running this file: encode and decode MB/s
 * for both formats at 3 KB, 100 KB and 10 MB, SHA-256 alone (its share of a
 * decode), and image-js/fast-png's decode for comparison. Prints JSON.
 */
import { createHash } from "node:crypto";
import { decodeImage, encodeImage, type ImageFormat } from "@pxos/core";
import { decode as fastPngDecode } from "fast-png";
import { Bench } from "tinybench";
import { syntheticSource } from "./corpus.ts";

const SIZES = [3 * 1024, 100 * 1024, 10 * 1024 * 1024];
const rows: { task: string; format: string; size: number; medianMs: number; mbPerS: number }[] = [];

for (const size of SIZES) {
  const big = size >= 1024 * 1024;
  const bench = new Bench({ time: big ? 200 : 400, iterations: big ? 5 : 50, warmupIterations: big ? 1 : 20 });
  const data = syntheticSource(size);
  const images: Record<ImageFormat, Uint8Array> = { png: encodeImage(data), pxif: encodeImage(data, { format: "pxif" }) };
  for (const format of ["png", "pxif"] as const) {
    bench.add(`encode ${format}`, () => void encodeImage(data, { format }));
    bench.add(`decode ${format}`, () => void decodeImage(images[format]));
  }
  bench.add("sha256 alone", () => void createHash("sha256").update(data).digest());
  bench.add("decode png with fast-png (no verification)", () => void fastPngDecode(images.png));
  await bench.run();
  for (const task of bench.tasks) {
    const median = task.result && "latency" in task.result ? task.result.latency.p50 : Number.NaN;
    const [op, format] = task.name.split(" ");
    rows.push({ task: task.name, format: format ?? "", size, medianMs: median, mbPerS: size / 1e6 / (median / 1000) });
    void op;
  }
}
console.log(JSON.stringify(rows));
