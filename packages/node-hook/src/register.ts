/** `node --import @pxos/node-hook/register app.ts` */
import { register } from "./index.ts";

register();
