/**
 * `npm start`, the main job: encode examples/hello into pixels, then boot it
 * under Bun from those pixels, exactly as the README tells a user to.
 */
import { spawnSync } from "node:child_process";
import { join, relative } from "node:path";
import { main } from "pxos/cli";

const root = join(import.meta.dirname, "..");
const app = join(root, "examples", "hello");
const show = (cmd: string) => console.log(process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[2m$ ${cmd}\x1b[0m` : `$ ${cmd}`);

show(`pxos encode ${relative(root, app)}`);
const encoded = await main(["encode", app]);
if (encoded !== 0) process.exit(encoded);

const args = ["--preload", "@pxos/bun-plugin/preload", "boot.ts"];
show(`cd ${relative(root, app)} && bun ${args.join(" ")}`);
const run = spawnSync(process.execPath, args, { cwd: app, stdio: "inherit" });
process.exit(run.status ?? 1);
