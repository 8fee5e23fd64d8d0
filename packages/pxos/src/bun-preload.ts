/** `bun --preload pxos app.ts`: under Bun, the package's main entry registers the pixel loader. */
import "@pxos/bun-plugin/preload";
