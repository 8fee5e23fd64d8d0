/**
 * The visible label band of a cartridge: its title drawn in a 5×7 bitmap
 * font, light on dark, as RGB rows. Decoration only — the bytes after it
 * are what runs, and the band is inside the checksum like everything else.
 */

// Each glyph: 7 rows of 5 bits, most significant bit leftmost. Lowercase is drawn as uppercase.
const GLYPHS: Record<string, number[]> = {
  A: [14, 17, 17, 31, 17, 17, 17],
  B: [30, 17, 17, 30, 17, 17, 30],
  C: [14, 17, 16, 16, 16, 17, 14],
  D: [30, 17, 17, 17, 17, 17, 30],
  E: [31, 16, 16, 30, 16, 16, 31],
  F: [31, 16, 16, 30, 16, 16, 16],
  G: [14, 17, 16, 23, 17, 17, 15],
  H: [17, 17, 17, 31, 17, 17, 17],
  I: [14, 4, 4, 4, 4, 4, 14],
  J: [7, 2, 2, 2, 2, 18, 12],
  K: [17, 18, 20, 24, 20, 18, 17],
  L: [16, 16, 16, 16, 16, 16, 31],
  M: [17, 27, 21, 21, 17, 17, 17],
  N: [17, 17, 25, 21, 19, 17, 17],
  O: [14, 17, 17, 17, 17, 17, 14],
  P: [30, 17, 17, 30, 16, 16, 16],
  Q: [14, 17, 17, 17, 21, 18, 13],
  R: [30, 17, 17, 30, 20, 18, 17],
  S: [15, 16, 16, 14, 1, 1, 30],
  T: [31, 4, 4, 4, 4, 4, 4],
  U: [17, 17, 17, 17, 17, 17, 14],
  V: [17, 17, 17, 17, 17, 10, 4],
  W: [17, 17, 17, 21, 21, 21, 10],
  X: [17, 17, 10, 4, 10, 17, 17],
  Y: [17, 17, 10, 4, 4, 4, 4],
  Z: [31, 1, 2, 4, 8, 16, 31],
  "0": [14, 17, 19, 21, 25, 17, 14],
  "1": [4, 12, 4, 4, 4, 4, 14],
  "2": [14, 17, 1, 2, 4, 8, 31],
  "3": [31, 2, 4, 2, 1, 17, 14],
  "4": [2, 6, 10, 18, 31, 2, 2],
  "5": [31, 16, 30, 1, 1, 17, 14],
  "6": [6, 8, 16, 30, 17, 17, 14],
  "7": [31, 1, 2, 4, 8, 8, 8],
  "8": [14, 17, 17, 14, 17, 17, 14],
  "9": [14, 17, 17, 15, 1, 2, 12],
  " ": [0, 0, 0, 0, 0, 0, 0],
  "-": [0, 0, 0, 31, 0, 0, 0],
  ".": [0, 0, 0, 0, 0, 12, 12],
  ":": [0, 12, 12, 0, 12, 12, 0],
  "/": [1, 1, 2, 4, 8, 16, 16],
  _: [0, 0, 0, 0, 0, 0, 31],
  "!": [4, 4, 4, 4, 4, 0, 4],
  "?": [14, 17, 1, 2, 4, 0, 4],
};
const UNKNOWN = [31, 17, 17, 17, 17, 17, 31];
const SCALE = 2;
const MARGIN = 2;
/** Rows the band takes: 7 font rows scaled, plus a margin above and below. */
export const LABEL_ROWS = 7 * SCALE + 2 * MARGIN;

const BACKGROUND = [24, 24, 32];
const INK = [235, 235, 245];

/**
 * RGB bytes of a `width`-pixel-wide band with `title` in it, clipped to fit.
 *
 * @example
 * renderLabel("hello pixels", 512).length // 512 * LABEL_ROWS * 3
 */
export function renderLabel(title: string, width: number): Uint8Array {
  const out = new Uint8Array(width * LABEL_ROWS * 3);
  for (let i = 0; i < width * LABEL_ROWS; i++) out.set(BACKGROUND, i * 3);
  let x = MARGIN * SCALE;
  for (const ch of title.toUpperCase()) {
    if (x + 5 * SCALE > width) break;
    const glyph = GLYPHS[ch] ?? UNKNOWN;
    for (let row = 0; row < 7; row++) {
      for (let col = 0; col < 5; col++) {
        if (!(((glyph[row] ?? 0) >> (4 - col)) & 1)) continue;
        for (let dy = 0; dy < SCALE; dy++) {
          for (let dx = 0; dx < SCALE; dx++) out.set(INK, ((MARGIN + row * SCALE + dy) * width + x + col * SCALE + dx) * 3);
        }
      }
    }
    x += 6 * SCALE;
  }
  return out;
}
