/**
 * Every other way code gets loaded on Bun serves the pixels: require.resolve and require through
 * createRequire, import.meta.resolve, Web and node:worker_threads workers, child_process.fork, --hot; under a trust key a
 * file that Bun's own resolution would pick in place of a signed module is refused.
 */
import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { encodeProject, generateSigningKeys, signManifest } from "@pxos/core";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

const MAIN = `import { fork } from "node:child_process";
import { createRequire } from "node:module";
import { Worker as NodeWorker } from "node:worker_threads";
const require = createRequire(import.meta.url);
console.log("require.resolve:", require.resolve("./lib/util").slice(process.cwd().length));
console.log("require:", require("./lib/util").util);
console.log("import.meta.resolve:", new URL(import.meta.resolve("./lib/util")).pathname.slice(process.cwd().length));
const web = new Worker(new URL("./web-worker.ts", import.meta.url));
web.onmessage = (e) => {
  console.log(e.data);
  web.terminate();
  // A worker given its own environment still gets the pixels (and, under a trust key, the key).
  const node = new NodeWorker(new URL("./node-worker.ts", import.meta.url), { env: {} });
  node.on("message", (m) => {
    console.log(m);
    node.terminate();
    const child = fork(new URL("./child.ts", import.meta.url).pathname);
    child.on("exit", (code) => console.log("child exit", code));
  });
};
`;

const EXPECTED = `require.resolve: /lib/util.ts
require: util (pixels: true)
import.meta.resolve: /lib/util.ts
web worker: util (pixels: true)
node worker: util (pixels: true)
child: util (pixels: true)
child exit 0
`;

function project(name: string, files: Record<string, string>, after: Record<string, string | null>): string {
  const dir = join(REPO, "tests", ".work", "bun-load-routes", name);
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  encodeProject({ root: dir, exclude: ["plain.ts"] });
  for (const [path, text] of Object.entries(after)) {
    if (text === null) rmSync(join(dir, path));
    else writeFileSync(join(dir, path), text);
  }
  return dir;
}

const run = (dir: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(runtimeBinary("bun"), ["--preload", "@pxos/bun-plugin/preload", ...args], {
    cwd: dir,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, ...env },
  });

const routes = {
  "main.ts": MAIN,
  "lib/util.ts": 'export const util = "util (pixels: " + import.meta.url.endsWith("?pxos") + ")";\n',
  "web-worker.ts": 'import { util } from "./lib/util";\npostMessage("web worker: " + util);\n',
  "node-worker.ts": 'import { parentPort } from "node:worker_threads";\nimport { util } from "./lib/util";\nparentPort.postMessage("node worker: " + util);\n',
  "child.ts": 'import { util } from "./lib/util";\nconsole.log("child: " + util);\n',
};
const stubs = {
  "lib/util.ts": null,
  "web-worker.ts": null,
  "node-worker.ts": 'throw new Error("DISK node-worker.ts ran");\n',
  "child.ts": 'throw new Error("DISK child.ts ran");\n',
};

function trustKey(dir: string): string {
  const key = join(dir, "trusted.key");
  const { privatePem, publicPem } = generateSigningKeys();
  writeFileSync(key, privatePem, { mode: 0o600 });
  writeFileSync(`${key}.pub`, publicPem);
  signManifest(join(dir, "pixel_manifest.json"), key);
  return `${key}.pub`;
}

test("createRequire, import.meta.resolve, a Web Worker, a node:worker_threads worker given its own env and a forked child run the pixels, their sources gone or throwing", {
  timeout: 30_000,
}, () => {
  const result = run(project("routes", routes, stubs), ["main.ts"]);
  expect(result.stderr).toBe("");
  expect(result.stdout).toBe(EXPECTED);
});

test("under a trust key, the same routes run the signed pixels", { timeout: 30_000 }, () => {
  const dir = project("routes-trusted", routes, stubs);
  const result = run(dir, ["main.ts"], { PXOS_TRUST: trustKey(dir) });
  expect(result.stderr).toBe("");
  expect(result.stdout).toBe(EXPECTED);
});

test("--hot serves the same pixels", { timeout: 30_000 }, () => {
  const dir = project("hot", routes, stubs);
  const result = spawnSync(runtimeBinary("bun"), ["--hot", "--preload", "@pxos/bun-plugin/preload", "main.ts"], { cwd: dir, encoding: "utf8", timeout: 6_000 });
  expect(result.stdout).toStartWith(EXPECTED.split("child exit")[0] as string);
});

test("under a trust key, a plain module's extensionless import that Bun resolves to a planted file is refused", () => {
  const dir = project(
    "shadow",
    {
      "main.ts": 'import { util } from "./plain.ts";\nconsole.log(util);\n',
      "plain.ts": 'export { util } from "./util";\n',
      "util.ts": 'export const util = "signed";\n',
    },
    { "util.tsx": 'console.log("PLANTED util.tsx RAN");\nexport const util = "PLANTED";\n' },
  );
  const result = run(dir, ["main.ts"], { PXOS_TRUST: trustKey(dir) });
  expect(result.status).not.toBe(0);
  expect(result.stdout).not.toContain("PLANTED");
  expect(result.stderr).toContain(`${join(dir, "util.tsx")}: this file on disk would stand in for a signed pixel module; refused under a trust key [UNSIGNED]`);
  // Without the trust key Bun's own choice stands: pxos guards signed code, not the disk.
  expect(run(dir, ["main.ts"]).stdout).toContain("PLANTED");
});
