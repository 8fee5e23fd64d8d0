/** What `register.mjs` loads once it knows this Node runs TypeScript. */
import { register } from "./index.ts";

register();
