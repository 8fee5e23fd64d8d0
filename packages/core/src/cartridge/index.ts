/** A whole app in one image: reading and verifying a cartridge, packing one, and the title band drawn into its pixels. */
export { CARTRIDGE_WIDTH, type Cartridge, type CartridgeCompression, type CartridgeHeader, readCartridge } from "./cartridge.ts";
export { type PackOptions, packCartridge } from "./pack.ts";
