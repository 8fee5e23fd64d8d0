import { existsSync } from "node:fs";
import { decodeImage, PxosError, readImageInfo, writeFileAtomic } from "@pxos/core";
import { encode as encodePng } from "fast-png";
import { defineCommand } from "../command.ts";
import { MANIFEST_HELP, MANIFEST_OPTION, moduleKey, openProject, type ProjectFlags, shown } from "./project.ts";
import { onePositional, readImageFile } from "./shared.ts";

/** Byte classes, so the structure of code shows: letters, digits, whitespace, punctuation, anything else. */
const CLASS_COLOURS: [number, number, number][] = [
  [66, 135, 245], // letters
  [52, 199, 89], // digits
  [28, 28, 30], // whitespace
  [255, 159, 10], // punctuation and symbols
  [255, 69, 58], // non-ASCII and control bytes
];

function byteClass(b: number): number {
  if ((b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b === 95) return 0;
  if (b >= 48 && b <= 57) return 1;
  if (b === 32 || b === 9 || b === 10 || b === 13) return 2;
  if (b > 32 && b < 127) return 3;
  return 4;
}

const MAX_OUTPUT_PIXELS = 64 * 1024 * 1024;

export const render = defineCommand({
  name: "render",
  summary: "draw an image (png or PXIF) or a module as a viewable PNG, scaled without blurring",
  usage: "pxos render FILE.pxi|FILE.png|MODULE --out FILE.png [--scale N] [--wrap N] [--classes] [--manifest FILE | --cartridge FILE]",
  help: `  --out FILE.png     where to write the picture (required)
  --scale N          draw each pixel as an N×N block (default 1)
  --wrap N           lay the bytes out N pixels wide instead of as stored (a small module is one row)
  --classes          one pixel a byte, coloured by class: letters blue, digits green,
                     whitespace dark, punctuation orange, other bytes red
${MANIFEST_HELP}`,
  options: { ...MANIFEST_OPTION, out: { type: "string" }, scale: { type: "string" }, wrap: { type: "string" }, classes: { type: "boolean" } },
  run(values, positionals, io) {
    const target = onePositional(positionals, "render", "FILE.pxi or MODULE");
    if (typeof values.out !== "string") throw new PxosError("USAGE", "render needs --out FILE.png");
    const scale = Number(values.scale ?? 1);
    if (!Number.isInteger(scale) || scale < 1 || scale > 64) throw new PxosError("USAGE", `--scale must be a whole number from 1 to 64, got ${values.scale}`);
    const stored = load(target, values);
    const wrap = values.wrap === undefined ? undefined : Number(values.wrap);
    if (wrap !== undefined && (!Number.isInteger(wrap) || wrap < 1))
      throw new PxosError("USAGE", `--wrap must be a whole number of pixels, got ${values.wrap}`);
    const { bytes } = stored;
    const width = wrap ?? stored.width;
    const height = wrap ? Math.max(1, Math.ceil(Math.ceil(bytes.length / 3) / wrap)) : stored.height;
    const cols = values.classes ? width * 3 : width;
    if (cols * height * scale * scale > MAX_OUTPUT_PIXELS) {
      throw new PxosError("USAGE", `${cols * scale}×${height * scale} pixels is more than pxos renders (${MAX_OUTPUT_PIXELS}); lower --scale`);
    }
    const pixels = new Uint8Array(cols * height * 3);
    if (values.classes) for (const [i, b] of bytes.entries()) pixels.set(CLASS_COLOURS[byteClass(b)] as [number, number, number], i * 3);
    else pixels.set(bytes.subarray(0, pixels.length));
    const scaled = scaleNearest(pixels, cols, height, scale);
    writeFileAtomic(values.out, encodePng({ width: cols * scale, height: height * scale, data: scaled, channels: 3, depth: 8 }));
    io.out(`rendered ${shown(values.out)} (${cols * scale}×${height * scale})\n`);
    return 0;
  },
});

/** The verified bytes and the dimensions they were stored at, from an image file or a module. */
function load(target: string, values: ProjectFlags): { bytes: Uint8Array; width: number; height: number } {
  if (existsSync(target) && /\.(pxi|png)$/.test(target)) {
    const file = readImageFile(target);
    const { bytes, info } = decodeImage(file, { file: target });
    return { bytes, width: info.width, height: info.height };
  }
  const pixels = openProject(values);
  const mod = pixels.read(pixels.manifest.modulePath(moduleKey(pixels, target)));
  const info = readImageInfo(readImageFile(mod.image), { file: mod.image });
  return { bytes: mod.bytes, width: info.width, height: info.height };
}

function scaleNearest(rgb: Uint8Array, width: number, height: number, scale: number): Uint8Array {
  if (scale === 1) return rgb;
  const out = new Uint8Array(width * scale * height * scale * 3);
  const rowBytes = width * scale * 3;
  for (let y = 0; y < height; y++) {
    const row = out.subarray(y * scale * rowBytes, (y * scale + 1) * rowBytes);
    for (let x = 0; x < width; x++) {
      const px = rgb.subarray((y * width + x) * 3, (y * width + x) * 3 + 3);
      for (let s = 0; s < scale; s++) row.set(px, (x * scale + s) * 3);
    }
    for (let s = 1; s < scale; s++) out.copyWithin((y * scale + s) * rowBytes, y * scale * rowBytes, (y * scale + 1) * rowBytes);
  }
  return out;
}
