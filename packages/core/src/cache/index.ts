/** What pxos derives from verified pixels to start faster: the strippers that make JavaScript of TypeScript, and the pack that keeps what they made. */
export { type StrippedCache, strippedCache } from "./stripped-pack.ts";
export { builtinStripper, type Stripper } from "./stripper.ts";
