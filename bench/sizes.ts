/** Image bytes ÷ source bytes per format, beside gzip -9 of the same bytes. Deterministic: no timing. */
import { gzipSync } from "node:zlib";
import { encodeImage, packCartridge } from "@pxos/core";
import { bunTypesCorpus, type CorpusFile, GENERATED, REPO, repoCorpus, syntheticSource } from "./corpus.ts";

export interface SizeRow {
  corpus: string;
  files: number;
  source: number;
  png: number;
  pxif: number;
  gzip9: number;
}

function measure(corpus: string, files: CorpusFile[]): SizeRow {
  const row: SizeRow = { corpus, files: files.length, source: 0, png: 0, pxif: 0, gzip9: 0 };
  for (const { path, bytes } of files) {
    row.source += bytes.length;
    row.png += encodeImage(bytes, { loader: path.split(".").pop(), path }).length;
    row.pxif += encodeImage(bytes, { format: "pxif" }).length;
    row.gzip9 += gzipSync(bytes, { level: 9 }).length;
  }
  return row;
}

export interface CartridgeSizeRow {
  corpus: string;
  files: number;
  source: number;
  visible: number;
  brotli: number;
  gzip9PerFile: number;
}

/** Whole-app cartridges of this repository's own modules (the conformance fixtures left out), visible and brotli. */
export function cartridgeRows(): CartridgeSizeRow[] {
  const exclude = [...GENERATED, "tests/conformance/fixtures/**"];
  const visible = packCartridge({ root: REPO, exclude });
  const brotli = packCartridge({ root: REPO, exclude, compression: "brotli" });
  const files = repoCorpus({ fixtures: false });
  return [
    {
      corpus: "this repository's modules",
      files: Object.keys(visible.header.modules).length,
      source: visible.sourceBytes,
      visible: visible.image.length,
      brotli: brotli.image.length,
      gzip9PerFile: files.reduce((n, f) => n + gzipSync(f.bytes, { level: 9 }).length, 0),
    },
  ];
}

export function sizeRows(): SizeRow[] {
  const bunTypes = bunTypesCorpus();
  const largest = [...bunTypes].sort((a, b) => b.bytes.length - a.bytes.length)[0] as CorpusFile;
  return [
    measure("this repository's modules (packages, tests, bench, scripts, examples)", repoCorpus({ fixtures: false })),
    measure(
      "the conformance fixtures (modules of a few lines)",
      repoCorpus({ fixtures: true }).filter((f) => f.path.startsWith("tests/conformance/fixtures/")),
    ),
    measure("bun-types declarations (real TypeScript)", bunTypes),
    measure(`largest real file (${largest.path}, ${largest.bytes.length} B)`, [largest]),
    measure("synthetic TypeScript, 100 KB", [{ path: "a.ts", bytes: syntheticSource(100 * 1024) }]),
    measure("synthetic TypeScript, 1 MB", [{ path: "a.ts", bytes: syntheticSource(1024 * 1024) }]),
  ];
}
