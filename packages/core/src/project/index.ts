/** Encoding a project into pixels: which files are modules (walk), one encoder at a time (lock), crash-safe writes of images and manifest, editing one module, and pxOS's PixelFS verbs. */
export { type ModuleEdit, replaceModuleSource } from "./edit.ts";
export { type EncodeProjectOptions, type EncodeProjectResult, encodeProject, imageName } from "./encode.ts";
export { PixelFS } from "./pixelfs.ts";
export { DEFAULT_EXCLUDED_FILES, listModules } from "./walk.ts";
