/**
 * The trust matrix: every way code gets loaded, on every runtime and in cartridge mode. Each route
 * loads its own module, whose signed pixels print `ROUTE <name>: signed` and whose copy on disk
 * (written after signing) prints `UNSIGNED`. Under PXOS_TRUST a route must run the signed code or
 * stop with a PxosError; without a key, a route whose image is damaged must stop with a PxosError,
 * never fall back to the disk. No output may ever show `UNSIGNED`. (The planted stripped-JavaScript
 * cache is tests/adapters/node-hook.test.ts's; a replayed older release is conformance's rollback-refused.)
 */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { encodeProject, generateSigningKeys, Manifest, packCartridge, signManifest, signManifestRelease } from "@pxos/core";
import { derivers } from "../../packages/pxos/src/derivers.ts";
import { damageFile } from "../support/damage.ts";
import { REPO, type RuntimeName, runtimeBinary } from "../support/runtimes.ts";

const WORK = join(REPO, "tests", ".work", "trust-matrix");
/** pxos's cache for every run here: where the derived forms are kept. */
const CACHE = join(WORK, "cache");
const FORMS = await derivers();
const PXOS = join(REPO, "packages", "pxos", "bin", "pxos.mjs");
const CARTRIDGE = "app.pxc.png";

/** Each route, awaited in turn; a failure prints the PxosError code it carried. */
const MAIN = `import "./lib/static.ts";
import { fork } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Worker as NodeWorker } from "node:worker_threads";
const code = (text) => /\\[([A-Z_]+)\\]/.exec(text)?.[1] ?? "no PxosError: " + text.split("\\n").find((l) => l.trim()).slice(0, 160);
const route = async (name, load) => {
  try {
    await Promise.race([load(), new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), 8000).unref?.())]);
  } catch (err) {
    console.log("ROUTE " + name + ": refused " + code(String(err?.message ?? err)));
  }
};
const here = (path) => new URL(path, import.meta.url);
await route("extensionless", () => import("./lib/ext"));
await route("#x import", () => import("#x"));
await route("bare self-reference", () => import("trustapp/self"));
await route("require (createRequire)", async () => createRequire(import.meta.url)("./lib/req.cjs"));
await route("import() literal", () => import("./lib/dyn.ts"));
const computed = ["dyn", "computed"].join("-");
await route("import() computed", () => import("./lib/" + computed + ".ts"));
await route("import.meta.resolve + import()", () => import(import.meta.resolve("./lib/meta.ts")));
await route("Web Worker", () =>
  typeof Worker !== "function"
    ? Promise.resolve(console.log("ROUTE Web Worker: n/a"))
    : new Promise((resolve, reject) => {
        const w = new Worker(here("./lib/web.ts"), { type: "module" });
        w.onmessage = (e) => (console.log(e.data), resolve(), w.terminate());
        w.onerror = (e) => (e.preventDefault?.(), reject(new Error(e.message ?? String(e))));
        w.addEventListener("close", () => reject(new Error("the worker closed")));
      }));
await route("worker_threads Worker", () =>
  new Promise((resolve, reject) => {
    const w = new NodeWorker(here("./lib/thread.ts"), { stderr: true });
    let err = "";
    w.stderr.on("data", (d) => (err += d));
    w.on("message", (m) => (console.log(m), resolve(), w.terminate()));
    w.on("error", (e) => reject(e));
    w.on("exit", (c) => reject(new Error(err || "worker exit " + c)));
  }));
await route("child_process.fork", () =>
  new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(here("./lib/child.ts")), [], { stdio: ["ignore", "pipe", "pipe", "ipc"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (c) => (process.stdout.write(out), c === 0 ? resolve() : reject(new Error(err || "child exit " + c))));
  }));
console.log("MAIN DONE");
`;

const SIGNED = (name: string) => `console.log(${JSON.stringify(`ROUTE ${name}: signed`)});\nexport {};\n`;
const ROUTES: Record<string, [file: string, source: string]> = {
  "static import": ["lib/static.ts", SIGNED("static import")],
  extensionless: ["lib/ext.ts", SIGNED("extensionless")],
  "#x import": ["lib/hash.ts", SIGNED("#x import")],
  "bare self-reference": ["lib/self.ts", SIGNED("bare self-reference")],
  "require (createRequire)": ["lib/req.cjs", 'console.log("ROUTE require (createRequire): signed");\n'],
  "import() literal": ["lib/dyn.ts", SIGNED("import() literal")],
  "import() computed": ["lib/dyn-computed.ts", SIGNED("import() computed")],
  "import.meta.resolve + import()": ["lib/meta.ts", SIGNED("import.meta.resolve + import()")],
  "Web Worker": ["lib/web.ts", 'postMessage("ROUTE Web Worker: signed");\n'],
  "worker_threads Worker": [
    "lib/thread.ts",
    'import { parentPort } from "node:worker_threads";\nparentPort.postMessage("ROUTE worker_threads Worker: signed");\n',
  ],
  "child_process.fork": ["lib/child.ts", SIGNED("child_process.fork")],
};
/** What each file on disk holds after signing (or damaging): code that says it ran. */
const diskCopy = (file: string) => `DISK COPY RAN: ${file}`;
const DISK: Record<string, string> = {
  "lib/web.ts": `postMessage(${JSON.stringify(diskCopy("lib/web.ts"))});\n`,
  "lib/thread.ts": `import { parentPort } from "node:worker_threads";\nparentPort.postMessage(${JSON.stringify(diskCopy("lib/thread.ts"))});\n`,
};

const PACKAGE = { name: "trustapp", type: "module", imports: { "#x": "./lib/hash.ts" }, exports: { "./self": "./lib/self.ts" } };

interface Runner {
  name: string;
  cartridge?: RuntimeName | "node";
  commands: string[][];
  env?: Record<string, string>;
}
const node = (runtime: RuntimeName, env?: Record<string, string>): Runner => ({
  name: runtime + (env ? "-async" : ""),
  commands: [[runtimeBinary(runtime), "--import", "@pxos/node-hook/register", "main.ts"]],
  env,
});
const RUNNERS: Runner[] = [
  { name: "bun", commands: [[runtimeBinary("bun"), "--preload", "@pxos/bun-plugin/preload", "main.ts"]] },
  node("node22"),
  node("node24"),
  node("node24", { PXOS_NODE_HOOKS: "async" }),
  {
    name: "deno",
    commands: [
      [runtimeBinary("node24"), PXOS, "import-map"],
      [runtimeBinary("deno"), "run", "-A", "--import-map=pxos.importmap.json", "main.ts"],
    ],
  },
  ...(["bun", "node", "deno"] as const).map((runtime) => ({
    name: `${runtime}-cartridge`,
    cartridge: runtime,
    commands: [[runtimeBinary("node24"), PXOS, "run", CARTRIDGE, "--runtime", runtime]],
  })),
];

const keyFile = join(WORK, "trusted.key");
mkdirSync(WORK, { recursive: true });
const keys = generateSigningKeys();
writeFileSync(keyFile, keys.privatePem, { mode: 0o600 });
writeFileSync(`${keyFile}.pub`, keys.publicPem);

function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** The project encoded (and packed), signed or with its dynamic routes' images damaged, then every file on disk made unsigned code. */
function prepare(runner: Runner, variant: "trusted" | "damaged"): string {
  const dir = join(WORK, variant, runner.name);
  rmSync(dir, { recursive: true, force: true });
  write(dir, "main.ts", MAIN);
  write(dir, "package.json", JSON.stringify(PACKAGE));
  for (const [file, source] of Object.values(ROUTES)) write(dir, file, source);
  // As `pxos encode` encodes: with the forms adapters serve in a module's place (Bun's ready JavaScript, Node's stripped).
  encodeProject({ root: dir, derive: FORMS, cacheDir: CACHE });
  if (runner.cartridge) writeFileSync(join(dir, CARTRIDGE), packCartridge({ root: dir, entry: "main.ts" }).image);
  if (variant === "trusted") {
    if (runner.cartridge) signManifest(join(dir, CARTRIDGE), keyFile);
    else signManifestRelease(join(dir, "pixel_manifest.json"), keyFile);
  } else {
    const manifest = Manifest.load(join(dir, "pixel_manifest.json"));
    for (const [file] of Object.values(ROUTES)) if (file !== "lib/static.ts") damageFile(manifest.imagePath(file), "bitflip");
  }
  write(dir, "main.ts", `console.log(${JSON.stringify(diskCopy("main.ts"))});\n`);
  for (const [file] of Object.values(ROUTES)) write(dir, file, DISK[file] ?? `console.log(${JSON.stringify(diskCopy(file))});\n`);
  return dir;
}

function run(runner: Runner, dir: string, env: Record<string, string>): { status: number | null; out: string } {
  let last = { status: 0 as number | null, out: "" };
  for (const [cmd, ...args] of runner.commands) {
    const r = spawnSync(cmd as string, args, {
      cwd: dir,
      encoding: "utf8",
      timeout: 90_000,
      env: {
        ...process.env,
        NO_COLOR: "1",
        DENO_DIR: join(REPO, ".deno"),
        PXOS_CACHE_DIR: CACHE,
        PATH: [join(REPO, "node_modules", "node24", "bin"), join(REPO, "node_modules", ".bin"), process.env.PATH].join(":"),
        ...runner.env,
        ...env,
      },
    });
    last = { status: r.status, out: `${r.stdout}${r.stderr}` };
    if (r.status !== 0) break;
  }
  return last;
}

const CODE = /^refused [A-Z_]+$/;

/** route → what happened: "signed", "refused CODE", "n/a", or what went wrong. */
function outcomes(out: string, refusedWhole: boolean): Record<string, string> {
  const table: Record<string, string> = {};
  for (const name of Object.keys(ROUTES)) {
    const line = out.split("\n").find((l) => l.startsWith(`ROUTE ${name}: `));
    table[name] = line ? line.slice(`ROUTE ${name}: `.length) : refusedWhole ? `refused ${/\[([A-Z_]+)\]/.exec(out)?.[1] ?? "without a PxosError"}` : "missing";
    // A worker that stops reports its PxosError on stderr, which the app's thread may not be handed.
    const reported = out.split("\n").find((l) => l.startsWith("pxos: ") && l.includes(`module ${ROUTES[name]?.[0]})`));
    if (!CODE.test(table[name] as string) && table[name] !== "signed" && reported) table[name] = `refused ${/\[([A-Z_]+)\]$/.exec(reported)?.[1]}`;
  }
  return table;
}

const matrix: Record<"trusted" | "damaged", Record<string, Record<string, string>>> = { trusted: {}, damaged: {} };

for (const variant of ["trusted", "damaged"] as const) {
  describe(`trust matrix, ${variant}`, () => {
    for (const runner of RUNNERS) {
      // A damaged cartridge is refused whole at open (tests/bad-input's cartridge mutations): nothing route by route.
      if (variant === "damaged" && runner.cartridge) continue;
      test(runner.name, { timeout: 120_000 }, () => {
        const dir = prepare(runner, variant);
        const { status, out } = run(runner, dir, variant === "trusted" ? { PXOS_TRUST: `${keyFile}.pub` } : {});
        const table = outcomes(out, status !== 0 && !out.includes("MAIN DONE"));
        matrix[variant][runner.name] = table;
        const context = `\n--- output ---\n${out}`;
        expect(out, context).not.toContain(diskCopy("main.ts"));
        for (const [name, outcome] of Object.entries(table)) {
          expect(out, `${name}${context}`).not.toContain(diskCopy(ROUTES[name]?.[0] ?? ""));
          const allowed =
            variant === "damaged" && name !== "static import"
              ? CODE.test(outcome) || outcome === "n/a"
              : outcome === "signed" || CODE.test(outcome) || outcome === "n/a";
          expect(allowed, `${name}: ${outcome}${context}`).toBe(true);
        }
      });
    }
  });
}

test("the matrix, for docs/security.md", () => {
  for (const [variant, rows] of Object.entries(matrix)) {
    const runners = Object.keys(rows);
    const lines = [`| ${variant} | ${runners.join(" | ")} |`, `|---|${runners.map(() => "---").join("|")}|`];
    for (const route of Object.keys(ROUTES)) lines.push(`| ${route} | ${runners.map((r) => rows[r]?.[route] ?? "").join(" | ")} |`);
    console.log(lines.join("\n"));
  }
});

describe("a replayed older release, against the recorded high-water mark", () => {
  const releaseDir = (name: string) => join(WORK, "rollback", name);
  /** Release 1 kept aside, release 2 signed in place; then release 1's manifest, signature and images put back. */
  function replay(name: string, between: (dir: string) => void): string {
    const dir = releaseDir(name);
    rmSync(dir, { recursive: true, force: true });
    write(dir, "main.ts", 'console.log("RELEASE 1 RAN");\n');
    encodeProject({ root: dir });
    signManifestRelease(join(dir, "pixel_manifest.json"), keyFile);
    const old = `${dir}-old`;
    rmSync(old, { recursive: true, force: true });
    cpSync(dir, old, { recursive: true });
    write(dir, "main.ts", 'console.log("RELEASE 2 RAN");\n');
    encodeProject({ root: dir });
    expect(signManifestRelease(join(dir, "pixel_manifest.json"), keyFile).release).toBe(2);
    between(dir);
    for (const f of ["pixel_manifest.json", "pixel_manifest.json.sig", "pixel_src_storage", "pxos.importmap.json"])
      if (existsSync(join(old, f))) cpSync(join(old, f), join(dir, f), { recursive: true });
    return dir;
  }
  const env = (dir: string) => ({ PXOS_TRUST: `${keyFile}.pub`, PXOS_TRUST_STATE: join(dir, "..", `${dir.split("/").pop()}.state`) });

  for (const runner of RUNNERS.filter((r) => !r.cartridge)) {
    test(runner.name, { timeout: 120_000 }, () => {
      let state: Record<string, string> = {};
      const dir = replay(runner.name, (d) => {
        state = env(d);
        rmSync(state.PXOS_TRUST_STATE as string, { force: true });
        const current = run(runner, d, state);
        expect(current.out).toContain("RELEASE 2 RAN");
      });
      const replayed = run(runner, dir, state);
      expect(replayed.status).not.toBe(0);
      expect(replayed.out).not.toContain("RELEASE 1 RAN");
      expect(replayed.out).toContain("signed release 1 is older than release 2, the highest release seen");
      expect(replayed.out).toContain("[ROLLBACK]");
    });
  }

  test("deno, an import map made from release 1 and reused: its guard refuses it", { timeout: 120_000 }, () => {
    let state: Record<string, string> = {};
    const dir = replay("deno-reused-map", (d) => {
      state = env(d);
      rmSync(state.PXOS_TRUST_STATE as string, { force: true });
      expect(run({ name: "pxos", commands: [[runtimeBinary("node24"), PXOS, "import-map"]] }, d, state).status).toBe(0);
    });
    // The map release 1 had: made when it was current, under the same key.
    expect(run({ name: "pxos", commands: [[runtimeBinary("node24"), PXOS, "import-map"]] }, dir, { PXOS_TRUST: `${keyFile}.pub` }).status).toBe(0);
    const deno = { name: "deno", commands: [[runtimeBinary("deno"), "run", "-A", "--import-map=pxos.importmap.json", "main.ts"]] };
    const replayed = run(deno, dir, state);
    expect(replayed.out).not.toContain("RELEASE 1 RAN");
    expect(replayed.out).toContain("signed release 1 is older than release 2, the highest release seen");
    const pinned = run(deno, dir, { PXOS_TRUST: `${keyFile}.pub`, PXOS_TRUST_MIN_RELEASE: "2" });
    expect(pinned.out).not.toContain("RELEASE 1 RAN");
    expect(pinned.out).toContain("the minimum release pinned (PXOS_TRUST_MIN_RELEASE)");
    const plain = run({ ...deno, commands: [[runtimeBinary("deno"), "run", "--allow-read", "--import-map=pxos.importmap.json", "main.ts"]] }, dir, {});
    // No permission to read the settings: it cannot tell whether a minimum is set, and says so.
    expect(plain.out).toContain("cannot check the signed release against PXOS_TRUST_MIN_RELEASE or PXOS_TRUST_STATE without --allow-env");
  });
});

describe("deno: the import map and the module files it points to, edited after they were made", () => {
  /** A signed one-module project with its map made under the key; then `edit` changes what the map would run. */
  function edited(name: string, edit: (dir: string, map: { imports: Record<string, string> }) => void): string {
    const dir = join(WORK, "deno-edited", name);
    rmSync(dir, { recursive: true, force: true });
    write(dir, "main.ts", 'console.log("SIGNED MAIN RAN");\n');
    encodeProject({ root: dir });
    signManifestRelease(join(dir, "pixel_manifest.json"), keyFile);
    expect(run({ name, commands: [[runtimeBinary("node24"), PXOS, "import-map"]] }, dir, { PXOS_TRUST: `${keyFile}.pub` }).status).toBe(0);
    const mapFile = join(dir, "pxos.importmap.json");
    const map = JSON.parse(readFileSync(mapFile, "utf8"));
    edit(dir, map);
    writeFileSync(mapFile, JSON.stringify(map));
    return dir;
  }
  const unsigned = `data:application/javascript,${encodeURIComponent(`console.log(${JSON.stringify(diskCopy("main.ts"))});`)}`;
  const pxosRun = (dir: string) =>
    run({ name: "deno", commands: [[runtimeBinary("node24"), PXOS, "run", "main.ts", "--runtime", "deno"]] }, dir, { PXOS_TRUST: `${keyFile}.pub` });

  test("an edited import map: pxos run under a trust key makes it again from the signed pixels", { timeout: 120_000 }, () => {
    const dir = edited("map", (_, map) => {
      for (const key of Object.keys(map.imports)) if (key.endsWith("/main.ts")) map.imports[key] = unsigned;
    });
    const r = pxosRun(dir);
    expect(r.out).not.toContain(diskCopy("main.ts"));
    expect(r.out).toContain("SIGNED MAIN RAN");
  });

  test("an edited mirror file, run straight from the map with the guard preloaded: the guard refuses", { timeout: 120_000 }, () => {
    let mirrored = "";
    const dir = edited("mirror-file", (_, map) => {
      mirrored = fileURLToPath(Object.entries(map.imports).find(([key]) => key.endsWith("/main.ts"))?.[1] ?? "");
      writeFileSync(mirrored, `console.log(${JSON.stringify(diskCopy("main.ts"))});\n`);
    });
    // Without --preload an entry whose mirrored file no longer imports the guard runs unchecked (docs/security.md): pxos import-map says to preload it under a trust key.
    const deno = { name: "deno", commands: [[runtimeBinary("deno"), "run", "-A", "--preload=pxos:guard", "--import-map=pxos.importmap.json", "main.ts"]] };
    const r = run(deno, dir, { PXOS_TRUST: `${keyFile}.pub` });
    expect(r.out).not.toContain(diskCopy("main.ts"));
    expect(r.out).toContain(`${mirrored}: mirrored module differs from the signed pixels`);
  });

  test("an edited module file the map points to: pxos run under a trust key writes it again from the signed pixels", { timeout: 120_000 }, () => {
    const files: string[] = [];
    const dir = edited("module-file", (_, map) => {
      for (const url of Object.values(map.imports)) if (url.startsWith("file:")) files.push(fileURLToPath(url));
      for (const file of files) writeFileSync(file, `console.log(${JSON.stringify(diskCopy("main.ts"))});\n`);
    });
    expect(files.length).toBeGreaterThan(0);
    const r = pxosRun(dir);
    expect(r.out).not.toContain(diskCopy("main.ts"));
    expect(r.out).toContain("SIGNED MAIN RAN");
  });
});
