/**
 * A module's path as a `file:` URL and back, as node:url converts them, but without its work where
 * there is none to do: every import costs Node's hooks a URL for the importer and one for the module
 * (with a thousand modules, node:url's conversions were a tenth of what the hooks spend). A POSIX
 * path of characters that a URL path keeps as they are is its URL less `file://`; anything else
 * (percent signs, spaces, `?` or `#`, non-ASCII, Windows paths) goes to node:url.
 */
import { sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Characters pathToFileURL writes unchanged, and path segments that need no normalizing. */
const PLAIN_PATH = /^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9\-._!$&'()*+,;=:@]+)+$/;

export function pathToUrl(path: string): string {
  return sep === "/" && PLAIN_PATH.test(path) ? `file://${path}` : pathToFileURL(path).href;
}

export function urlToPath(url: string): string {
  const path = url.slice("file://".length);
  return sep === "/" && url.startsWith("file:///") && PLAIN_PATH.test(path) ? path : fileURLToPath(url);
}
