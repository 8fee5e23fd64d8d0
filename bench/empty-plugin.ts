/** A Bun runtime plugin that claims nothing: the boot benchmark's measure of what installing any plugin costs Bun. */
import { plugin } from "bun";

plugin({ name: "empty", setup: (build) => void build.onLoad({ filter: /^$/ }, () => undefined) });
