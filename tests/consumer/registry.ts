/**
 * A local npm registry for the consumer test: serves the packed pxos packages as if published, and
 * passes every other name through to the real registry. `bun tests/consumer/registry.ts PACKS_DIR`
 * prints its URL on the first line of stdout. Lets Deno's `npm:` specifiers install pxos
 * (`nodeModulesDir: "auto"`) exactly as they will once it is published.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

const UPSTREAM = "https://registry.npmjs.org";
const packs = process.argv[2] as string;

/** package.json inside a tarball: the ustar entry `package/package.json`. */
function manifestOf(tgz: Uint8Array): Record<string, unknown> {
  const tar = gunzipSync(tgz);
  for (let at = 0; at + 512 <= tar.length; ) {
    const name = tar
      .subarray(at, at + 100)
      .toString("utf8")
      .replace(/\0.*$/s, "");
    const size =
      Number.parseInt(
        tar
          .subarray(at + 124, at + 136)
          .toString("utf8")
          .trim(),
        8,
      ) || 0;
    if (name === "package/package.json") return JSON.parse(tar.subarray(at + 512, at + 512 + size).toString("utf8"));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error("no package/package.json in the tarball");
}

const local = new Map<string, { manifest: Record<string, unknown>; file: string; bytes: Uint8Array }>();
for (const file of readdirSync(packs).filter((f) => f.endsWith(".tgz"))) {
  const bytes = readFileSync(join(packs, file));
  const manifest = manifestOf(bytes);
  local.set(manifest.name as string, { manifest, file, bytes });
}

const server = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  async fetch(req) {
    const url = new URL(req.url);
    const tarball = url.pathname.match(/^\/-\/(.+\.tgz)$/);
    if (tarball) {
      const found = [...local.values()].find((p) => p.file === tarball[1]);
      return found ? new Response(Bun.file(join(packs, found.file))) : new Response("not found", { status: 404 });
    }
    const name = decodeURIComponent(url.pathname.slice(1));
    const pkg = local.get(name);
    if (!pkg) {
      const upstream = await fetch(`${UPSTREAM}${url.pathname}`, { headers: { accept: req.headers.get("accept") ?? "application/json" } });
      return new Response(await upstream.arrayBuffer(), { status: upstream.status, headers: { "content-type": "application/json" } });
    }
    const version = pkg.manifest.version as string;
    const dist = {
      tarball: `${url.origin}/-/${pkg.file}`,
      shasum: createHash("sha1").update(pkg.bytes).digest("hex"),
      integrity: `sha512-${createHash("sha512").update(pkg.bytes).digest("base64")}`,
    };
    return Response.json({ name, "dist-tags": { latest: version }, versions: { [version]: { ...pkg.manifest, _id: `${name}@${version}`, dist } } });
  },
});
console.log(server.url.href);
