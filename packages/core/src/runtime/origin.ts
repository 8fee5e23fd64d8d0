/**
 * How a module served from pixels is named to the runtime: its original
 * absolute path plus the query `?pxos`. Relative URLs, `fileURLToPath`,
 * `import.meta.filename`/`dirname` still see the original file, while every
 * stack frame and `import.meta.url` show the code came from pixels.
 */
import { PIXEL_QUERY } from "../base/names.ts";

/** `/app/a.ts` → `/app/a.ts?pxos` */
export function pixelId(absPath: string): string {
  return absPath + PIXEL_QUERY;
}

/** The original path of a pixel id (and any other path unchanged). */
export function stripPixelQuery(id: string): string {
  return id.endsWith(PIXEL_QUERY) ? id.slice(0, -PIXEL_QUERY.length) : id;
}
