/**
 * What pxos keeps from verified pixels to start faster: the verified sources themselves (served
 * while their images are unchanged), forms derived at encode and bound to the manifest, the
 * strippers that make JavaScript of TypeScript, and the pack of what they made; every pack shares
 * one file layout (pack.ts).
 */
export { type DerivedPack, type Deriver, derivedPack, readDerivedForms, writeDerivedPack } from "./derived-pack.ts";
export { addsHelpers, sourceText } from "./derived-text.ts";
export { type SourcePack, sourcePack } from "./source-pack.ts";
export { strippedForm, strippedFormName } from "./stripped-form.ts";
export { type StrippedCache, strippedCache } from "./stripped-pack.ts";
export { builtinStripper, type Stripper } from "./stripper.ts";
