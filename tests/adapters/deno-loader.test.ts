/** @pxos/deno-loader: the mirror holds the verified modules where Deno resolves them itself; the map is deterministic, verified and guarded. */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { encodeProject, generateSigningKeys, isPxosError, Manifest, signManifest } from "@pxos/core";
import { generateImportMap, type ImportMap, isImportMapCurrent } from "@pxos/deno-loader";
import { aliases, packageRoutes } from "../../packages/deno-loader/src/aliases.ts";
import { withCall, withGuard } from "../../packages/deno-loader/src/prefix.ts";
import { damageFile } from "../support/damage.ts";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

// Each test starts several runtimes, on a machine that may be busy.
setDefaultTimeout(60_000);

describe("withGuard", () => {
  const statement = 'import __pxos from "pxos:guard";__pxos(import.meta,"file:///app/a.ts","/app/a.ts");';

  test("goes where the first token starts, after a shebang and leading comments, on the same line", () => {
    const source = '#!/usr/bin/env -S deno run\n/** @jsxRuntime classic @jsx h */\n// more\nimport { h } from "./h.ts";\nexport const x = import.meta.url;\n';
    const out = withGuard(source, "file:///app/a.ts", "/app/a.ts");
    expect(out.split("\n")).toEqual([
      "#!/usr/bin/env -S deno run",
      "/** @jsxRuntime classic @jsx h */",
      "// more",
      `${statement}import { h } from "./h.ts";`,
      "export const x = import.meta.url;",
      "",
    ]);
  });

  test("its local name is one the module never spells, so the module cannot shadow it", () => {
    const out = withGuard("const __pxos = 1, __pxos1 = 2;\nimport.meta;\n", "file:///app/a.ts", "/app/a.ts");
    expect(out).toStartWith('import __pxos2 from "pxos:guard";__pxos2(import.meta,');
  });

  test("a module with no code gets it on a new last line, out of reach of a trailing line comment", () => {
    expect(withGuard("// nothing here, not even import.meta", "file:///app/a.ts", "/app/a.ts")).toBe(`// nothing here, not even import.meta\n${statement}`);
  });

  test("a module that never names import.meta only counts itself: Deno builds import.meta when it is touched", () => {
    expect(withGuard("export const x = 1;\n", "file:///app/a.ts", "/app/a.ts")).toBe('import __pxos from "pxos:guard";__pxos();export const x = 1;\n');
  });
});

describe("withCall", () => {
  test("calls what the guard left on globalThis, where the first token starts, handing it import.meta when the module names it", () => {
    expect(withCall("export const x = import.meta.url;\n", "file:///app/a.ts", "/app/a.ts")).toBe(
      'globalThis["pxos.module"]?.(import.meta,"file:///app/a.ts","/app/a.ts");export const x = import.meta.url;\n',
    );
    expect(withCall("// lead\nexport const x = 1;\n", "file:///app/a.ts", "/app/a.ts")).toBe('// lead\nglobalThis["pxos.module"]?.();export const x = 1;\n');
  });

  test("a module that spells globalThis, which it could declare as its own, imports the guard instead", () => {
    const source = "const globalThis = {};\nexport const x = 1;\n";
    expect(withCall(source, "file:///app/a.ts", "/app/a.ts")).toBe(withGuard(source, "file:///app/a.ts", "/app/a.ts"));
  });
});

describe("aliases", () => {
  const modules = ["/app/main.ts", "/app/a.ts", "/app/util/index.ts", "/app/view.tsx"];
  const has = (p: string) => modules.includes(p);

  test("the other paths pxos's resolution reaches a module by, as the imports spell them", () => {
    const sources = new Map([["/app/main.ts", 'import "./a.ts";\nimport "./a.js";\nimport "./util";\nconst v = await import("./view");\n']]);
    expect(aliases(sources, modules, has)).toEqual(
      new Map([
        ["/app/a.js", "/app/a.ts"],
        ["/app/util", "/app/util/index.ts"],
        ["/app/view", "/app/view.tsx"],
      ]),
    );
  });

  test("a JSX module (es-module-lexer may misread it), one it cannot read, or a computed import(), brings in every alias", () => {
    const every = new Map([
      ["/app/main", "/app/main.ts"],
      ["/app/main.js", "/app/main.ts"],
      ["/app/a", "/app/a.ts"],
      ["/app/a.js", "/app/a.ts"],
      ["/app/util/index", "/app/util/index.ts"],
      ["/app/util/index.js", "/app/util/index.ts"],
      ["/app/util", "/app/util/index.ts"],
      ["/app/view", "/app/view.tsx"],
      ["/app/view.js", "/app/view.tsx"],
      ["/app/view.jsx", "/app/view.tsx"],
    ]);
    expect(aliases(new Map([["/app/view.tsx", 'import "./a";\nexport const v = <div />;\n']]), modules, has)).toEqual(every);
    expect(aliases(new Map([["/app/a.ts", "const t = `${'/'\n"]]), modules, has)).toEqual(every);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: source text under test
    expect(aliases(new Map([["/app/main.ts", "await import(`./${name}`);\n"]]), modules, has)).toEqual(every);
  });
});

describe("packageRoutes", () => {
  // As pxos's rules would resolve: each app has its own copy of "lib" in its node_modules.
  const resolve = (specifier: string, importer: string) =>
    specifier === "lib" ? `${importer.slice(0, importer.lastIndexOf("/"))}/node_modules/lib/index.ts` : undefined;

  test("a bare name every importer takes to the same pixel module is one entry; #, paths, URLs and names outside the pixels none", () => {
    const sources = new Map([
      ["/app/main.ts", 'import "lib";\nimport "#x";\nimport "./a.ts";\nimport "node:fs";\nimport "other";\n'],
      ["/app/b.ts", 'export * from "lib";\n'],
    ]);
    expect(packageRoutes(sources, resolve)).toEqual({ imports: new Map([["lib", "/app/node_modules/lib/index.ts"]]), scopes: new Map() });
  });

  test("importers that take one name to different modules each get their own scope", () => {
    const sources = new Map([
      ["/one/main.ts", 'import "lib";\n'],
      ["/two/main.ts", 'import "lib";\n'],
    ]);
    expect(packageRoutes(sources, resolve)).toEqual({
      imports: new Map(),
      scopes: new Map([
        ["/one/main.ts", new Map([["lib", "/one/node_modules/lib/index.ts"]])],
        ["/two/main.ts", new Map([["lib", "/two/node_modules/lib/index.ts"]])],
      ]),
    });
  });
});

describe("pxos import-map and deno run", () => {
  const dir = join(REPO, "tests", ".work", "deno-loader");
  const cache = join(REPO, "tests", ".work", "deno-loader-cache");
  const env = { ...process.env, DENO_DIR: join(REPO, ".deno"), NO_COLOR: "1", PXOS_CACHE_DIR: cache };
  // Bounded: a FIFO in a file's place must stop the start, never hang it.
  const deno = (args: string[], entry = "boot.ts") =>
    spawnSync(runtimeBinary("deno"), ["run", ...args, "--import-map=pxos.importmap.json", entry], { cwd: dir, encoding: "utf8", env, timeout: 30_000 });
  const importMap = (extra: Record<string, string> = {}) =>
    spawnSync(runtimeBinary("node24"), [join(REPO, "packages/pxos/bin/pxos.mjs"), "import-map"], { cwd: dir, encoding: "utf8", env: { ...env, ...extra } });
  const readMap = () => JSON.parse(readFileSync(join(dir, "pxos.importmap.json"), "utf8")) as ImportMap;
  /** A module's file in the mirror the map on disk leads to. */
  const mirrored = (path: string) => readMap().pxos.mirror + join(dir, path);
  const manifest = join(dir, "pixel_manifest.json");
  const fresh = () => {
    rmSync(dir, { recursive: true, force: true });
    cpSync(join(REPO, "examples", "hello"), dir, { recursive: true, filter: (p) => !p.includes("pixel_") && !p.endsWith("importmap.json") });
    encodeProject({ root: dir });
  };

  test("the map is deterministic, records the manifest's SHA-256, and routes each module to its entry beside the mirror and the rest back to disk", () => {
    fresh();
    const first = generateImportMap({ manifest, cacheDir: cache }).map;
    expect(generateImportMap({ manifest, cacheDir: cache }).map).toEqual(first);
    expect(first.pxos.manifestSha256).toBe(new Bun.CryptoHasher("sha256").update(readFileSync(manifest)).digest("hex"));
    const mirror = first.pxos.mirror;
    expect(mirror).toMatch(new RegExp(`^${join(cache, "deno")}/[0-9a-f]{16}\\.pxos$`));
    const entries = `${mirror}-entry`;
    expect(first.pxos.entries).toBe(entries);
    const { imports } = first;
    const src = join(dir, "src");
    // One key for the folder of pixel modules: Deno tries every folder key against every specifier it resolves.
    expect(imports[`file://${src}/`]).toBe(`file://${entries}${src}/`);
    // Inside the mirror Deno resolves by itself; the project's own folder keeps a key per module.
    expect(Object.keys(imports).filter((key) => key.startsWith(`file://${mirror}`))).toEqual([]);
    expect(imports[`file://${join(dir, "package.json")}`]).toBe(`file://${entries}${join(dir, "package.json")}`);
    // Only the other paths the modules' imports use get an entry: none here.
    const own = ["boot.ts", "package.json"].map((name) => `file://${join(dir, name)}`);
    expect(Object.keys(imports).sort()).toEqual([...own, `file://${src}/`, "pxos:guard"]);
  });

  test("a folder holding node_modules, at any depth, keeps a key per module: no package is reached through the mirror", () => {
    fresh();
    mkdirSync(join(dir, "src", "vendor", "node_modules"), { recursive: true });
    const { imports, pxos } = generateImportMap({ manifest, cacheDir: cache }).map;
    expect(imports[`file://${join(dir, "src")}/`]).toBeUndefined();
    for (const module of ["main.ts", "greet.ts", "config.json"]) {
      const path = join(dir, "src", module);
      expect(imports[`file://${path}`]).toBe(`file://${pxos.entries}${path}`);
    }
    // A folder beside it with no node_modules below still takes one key.
    expect(imports[`file://${join(dir, "src", "lib")}/`]).toBe(`file://${pxos.entries}${join(dir, "src", "lib")}/`);
    expect(imports[`file://${join(dir, "src", "lib", "table.ts")}`]).toBeUndefined();
  });

  test("the mirror holds each module at its absolute path, with the pixels' package.json, and links to what the pixels do not hold", () => {
    fresh();
    mkdirSync(join(dir, "node_modules"));
    writeFileSync(join(dir, "src", "plain.txt"), "a plain file beside the modules\n");
    const { map } = generateImportMap({ manifest, cacheDir: cache });
    const mirror = map.pxos.mirror;
    const greet = readFileSync(`${mirror}${join(dir, "src", "greet.ts")}`, "utf8");
    const original = readFileSync(join(dir, "src", "greet.ts"), "utf8");
    // Same lines and columns but for the guard's call before the first token.
    expect(greet.replace(/^globalThis\["pxos\.module"\]\?\.\((import\.meta,"[^"]+","[^"]+")?\);/, "")).toBe(original);
    expect(readFileSync(`${mirror}${join(dir, "package.json")}`, "utf8")).toBe(readFileSync(join(dir, "package.json"), "utf8"));
    expect(readFileSync(`${mirror}${join(dir, "src", "config.json")}`, "utf8")).toBe(readFileSync(join(dir, "src", "config.json"), "utf8"));
    const link = `${mirror}${join(dir, "node_modules")}`;
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(join(dir, "node_modules"));
    expect(readlinkSync(`${mirror}${join(dir, "src", "plain.txt")}`)).toBe(join(dir, "src", "plain.txt"));
    // The repository's own package.json above the project is not in the pixels: linked, as Deno would find it.
    expect(readlinkSync(`${mirror}${join(REPO, "package.json")}`)).toBe(join(REPO, "package.json"));
  });

  test.each([
    ["under node_modules, which Deno reads as package code", "node_modules/.cache/pxos"],
    ["inside the project, where Deno resolves # imports with the package.json on disk", ".pxos-cache"],
  ])("a cache folder %s is refused", (_, folder) => {
    fresh();
    let error: unknown;
    try {
      generateImportMap({ manifest, cacheDir: join(dir, folder) });
    } catch (err) {
      error = err;
    }
    expect(isPxosError(error, "USAGE")).toBe(true);
    expect(String(error)).toContain("PXOS_CACHE_DIR");
  });

  test("by default the mirror goes to the user's cache folder, never into the project", () => {
    fresh();
    const { PXOS_CACHE_DIR: _, ...rest } = process.env;
    const run = spawnSync(runtimeBinary("node24"), [join(REPO, "packages/pxos/bin/pxos.mjs"), "import-map"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...rest, XDG_CACHE_HOME: cache },
    });
    expect(run.status).toBe(0);
    expect(readMap().pxos.mirror.startsWith(join(cache, "pxos", "deno"))).toBe(true);
  });

  test("with the cache off, the mirror is a new temporary folder each time", () => {
    fresh();
    const a = generateImportMap({ manifest, cacheDir: false }).map.pxos.mirror;
    const b = generateImportMap({ manifest, cacheDir: false }).map.pxos.mirror;
    expect(a).not.toBe(b);
    expect(a.startsWith(cache)).toBe(false);
    rmSync(a.slice(0, a.lastIndexOf("/")), { recursive: true });
    rmSync(b.slice(0, b.lastIndexOf("/")), { recursive: true });
  });

  test("making the map again restores a mirrored file that was changed", () => {
    fresh();
    expect(importMap().status).toBe(0);
    const file = mirrored("src/greet.ts");
    const made = readFileSync(file, "utf8");
    writeFileSync(file, 'export const greet = () => "planted";\n');
    expect(importMap().status).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(made);
  });

  test("the map is current only for its manifest, its format, and while its mirror exists", () => {
    fresh();
    const { map } = generateImportMap({ manifest, cacheDir: cache });
    const text = JSON.stringify(map);
    const sha = map.pxos.manifestSha256;
    expect(isImportMapCurrent(text, sha)).toBe(true);
    expect(isImportMapCurrent(text, "0".repeat(64))).toBe(false);
    expect(isImportMapCurrent(JSON.stringify({ ...map, pxos: { ...map.pxos, version: 1 } }), sha)).toBe(false);
    rmSync(map.pxos.mirror, { recursive: true });
    expect(isImportMapCurrent(text, sha)).toBe(false);
    // `pxos run` notices and makes the map again.
    const run = spawnSync(runtimeBinary("node24"), [join(REPO, "packages/pxos/bin/pxos.mjs"), "run", "boot.ts", "--runtime", "deno"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...env, PATH: `${join(REPO, "node_modules", ".bin")}:${process.env.PATH}` },
    });
    expect(run.stdout).toContain("Hello, pixel world!");
    expect(existsSync(map.pxos.mirror)).toBe(true);
  });

  test("runs from the map, and refuses to once the manifest changed", () => {
    fresh();
    expect(importMap().status).toBe(0);
    const ok = deno(["--allow-read"]);
    expect(ok.stdout).toContain("Hello, pixel world!");
    expect(ok.stdout).toContain("This line ran from src/main.ts?pxos.");
    writeFileSync(join(dir, "src", "greet.ts"), 'export const greet = () => "changed";\n');
    encodeProject({ root: dir });
    const stale = deno(["--allow-read"]);
    expect(stale.status).toBe(1);
    expect(stale.stdout).toBe("");
    expect(stale.stderr).toContain("is stale");
    expect(stale.stderr).toContain("run `pxos import-map` again");
    expect(importMap().status).toBe(0);
    expect(deno(["--allow-read"]).stdout).toContain("changed");
  });

  test("each module's entry imports the guard, the mirrored modules do not: however Deno enters, the guard runs first", () => {
    fresh();
    expect(importMap().status).toBe(0);
    const { pxos } = readMap();
    const greet = join(dir, "src", "greet.ts");
    expect(readFileSync(`${pxos.mirror}${greet}`, "utf8")).not.toContain("pxos:guard");
    expect(readFileSync(`${pxos.entries}${greet}`, "utf8")).toStartWith('import "pxos:guard";\nexport * from ');
    // A plain file (not in the pixels) importing a pixel module by its path, and a module's default through its entry.
    writeFileSync(
      join(dir, "plain.ts"),
      'import { greet } from "./src/greet.ts";\nimport config from "./src/config.json" with { type: "json" };\nconsole.log(greet(config.audience), (globalThis as Record<symbol, { loadedModules: number }>)[Symbol.for("pxos.stats")]?.loadedModules);\n',
    );
    writeFileSync(join(dir, "src", "greet.ts"), 'throw new Error("DISK COPY RAN");\n');
    const ok = deno(["--allow-read"], "plain.ts");
    expect(ok.stderr).not.toContain("pxos");
    expect(ok.stderr).not.toContain("DISK COPY RAN");
    expect(ok.stdout).toBe("Hello, pixel world! Every line of this app was read from pixels. 1\n");
    // The manifest rewritten with other bytes: nothing of the app runs, by either way in.
    const text = readFileSync(manifest, "utf8");
    writeFileSync(manifest, text.replace("}", " }"));
    for (const entry of ["plain.ts", "boot.ts"]) {
      const stale = deno(["--allow-read"], entry);
      expect(stale.status).toBe(1);
      expect(stale.stdout).toBe("");
      expect(stale.stderr).toContain("is stale");
    }
    // The same bytes written again (a new file, a new modification time): still current.
    writeFileSync(manifest, text);
    expect(deno(["--allow-read"], "plain.ts").stdout).toContain("Hello, pixel world!");
  });

  test("import.meta.main is true in the module Deno runs and in no other, as from files", () => {
    fresh();
    writeFileSync(
      join(dir, "src", "main.ts"),
      'import "./greet.ts";\nimport { other } from "./lib/other.ts";\nconsole.log("main", import.meta.main, other);\n',
    );
    writeFileSync(join(dir, "src", "lib", "other.ts"), "export const other = import.meta.main;\n");
    const plain = spawnSync(runtimeBinary("deno"), ["run", "--allow-read", "src/main.ts"], { cwd: dir, encoding: "utf8", env });
    expect(plain.stdout).toBe("main true false\n");
    encodeProject({ root: dir });
    expect(importMap().status).toBe(0);
    expect(deno(["--allow-read"], "src/main.ts").stdout).toBe(plain.stdout);
  });

  test("a manifest replaced by a FIFO stops the start in one line, never hangs it", () => {
    fresh();
    importMap();
    rmSync(manifest);
    expect(spawnSync("mkfifo", [manifest]).status).toBe(0);
    const run = deno(["--allow-read"]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n").at(-1)).toBe(`pxos: ${manifest}: not a regular file; pxos reads only regular files [IO]`);
  });

  test("without read permission it runs and says it could not check", () => {
    fresh();
    importMap();
    const run = deno([]);
    expect(run.stdout).toContain("Hello, pixel world!");
    expect(run.stderr).toContain("cannot check that");
  });

  test("deno.json's importMap works as well as the flag", () => {
    fresh();
    importMap();
    writeFileSync(join(dir, "deno.json"), JSON.stringify({ importMap: "./pxos.importmap.json" }));
    const run = spawnSync(runtimeBinary("deno"), ["run", "--allow-read", "boot.ts"], { cwd: dir, encoding: "utf8", env });
    expect(run.stdout).toContain("This line ran from src/main.ts?pxos.");
  });

  test("deno.json's own imports, which --import-map replaces, are carried into the map; those naming pixel modules lead to their entries", () => {
    fresh();
    writeFileSync(
      join(dir, "deno.json"),
      `{\n  // comments and trailing commas, as deno.jsonc has them\n  "imports": { "hello-greet": "./src/greet.ts", "helpers/": "./src/lib/", "other": "npm:other@1", },\n}\n`,
    );
    writeFileSync(
      join(dir, "alias.ts"),
      'import { greet } from "hello-greet";\nimport * as lib from "helpers/index.ts";\nconsole.log(greet("alias"), Object.keys(lib).length > 0);\n',
    );
    writeFileSync(join(dir, "src", "greet.ts"), 'throw new Error("DISK COPY RAN");\n');
    writeFileSync(join(dir, "src", "lib", "index.ts"), 'throw new Error("DISK COPY RAN");\n');
    expect(importMap().status).toBe(0);
    const { imports, pxos } = readMap();
    expect(imports.other).toBe("npm:other@1");
    expect(imports["hello-greet"]).toBe(`file://${pxos.entries}${join(dir, "src", "greet.ts")}`);
    expect(imports["helpers/"]).toBe(`file://${pxos.entries}${join(dir, "src", "lib")}/`);
    const run = deno(["--allow-read"], "alias.ts");
    expect(run.stderr).not.toContain("DISK COPY RAN");
    expect(run.stdout).toBe("Hello, alias! Every line of this app was read from pixels. true\n");
  });

  test("a damaged image stops the map from being written, with core's error", () => {
    fresh();
    damageFile(Manifest.load(manifest).imagePath("src/greet.ts"), "tamper");
    const run = importMap();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("CHECKSUM_MISMATCH");
    expect(run.stderr).toContain("module src/greet.ts");
  });

  describe("under a trust key", () => {
    const key = join(REPO, "tests", ".work", "deno-loader-trust.key");
    /** A fresh project (with `tool.cjs`, a CommonJS entry, when asked), signed, its map made under the trust key. */
    const trusted = (withCommonJsEntry = false) => {
      fresh();
      if (withCommonJsEntry) {
        writeFileSync(join(dir, "tool.cjs"), 'console.log("CommonJS entry ran");\n');
        encodeProject({ root: dir });
      }
      const { privatePem, publicPem } = generateSigningKeys();
      writeFileSync(key, privatePem, { mode: 0o600 });
      writeFileSync(`${key}.pub`, publicPem);
      signManifest(manifest, key);
      expect(importMap({ PXOS_TRUST: `${key}.pub` }).status).toBe(0);
    };

    test("the guard checks every mirrored file against the signed pixels before any module body runs", () => {
      trusted();
      expect(deno(["--allow-read"]).stdout).toContain("Hello, pixel world!");
      // Edited after the map was made: a module deep in the tree, so nothing at all may have run.
      const file = mirrored("src/greet.ts");
      writeFileSync(file, readFileSync(file, "utf8").replace("Hello", "Planted"));
      const run = deno(["--allow-read"]);
      expect(run.status).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(`${file}: mirrored module differs from the signed pixels`);
      expect(run.stderr).toContain("[CHECKSUM_MISMATCH]");
    });

    test("preloaded, as `pxos run` does, the guard checks before a CommonJS entry, which cannot import it", () => {
      trusted(true);
      const preloaded = () => deno(["--allow-read", "--preload=pxos:guard"], "tool.cjs");
      expect(preloaded().stdout).toBe("CommonJS entry ran\n");
      const file = mirrored("tool.cjs");
      writeFileSync(file, 'console.log("PLANTED");\n');
      const run = preloaded();
      expect(run.status).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain("mirrored module differs from the signed pixels");
    });

    test("a mirrored file replaced by a FIFO stops the check in one line, never hangs it", () => {
      trusted(true);
      const file = mirrored("tool.cjs");
      rmSync(file);
      expect(spawnSync("mkfifo", [file]).status).toBe(0);
      const run = deno(["--allow-read", "--preload=pxos:guard"], "tool.cjs");
      expect(run.status).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr.trim().split("\n").at(-1)).toBe(`pxos: ${file}: not a regular file; pxos reads only regular files [IO]`);
      // Making the map again replaces the FIFO rather than reading it.
      expect(importMap({ PXOS_TRUST: `${key}.pub` }).status).toBe(0);
      expect(lstatSync(file).isFile()).toBe(true);
    });

    test("the map, the guard and the mirror must be writable by the user alone: a file others could swap is refused at run time", () => {
      trusted();
      const file = mirrored("src/greet.ts");
      const guard = fileURLToPath(readMap().imports["pxos:guard"] as string);
      const mapFile = join(dir, "pxos.importmap.json");
      const cases: [path: string, expose: (path: string) => void, why: string][] = [
        [file, (p) => chmodSync(p, 0o646), "is writable by every user"],
        [file, (p) => chownSync(p, 54321, 54321), "is owned by another user (uid 54321)"],
        [dirname(file), (p) => chmodSync(p, 0o777), "is writable by every user"],
        [
          dirname(file),
          (p) => {
            chmodSync(p, 0o775);
            chownSync(p, 0, 54321);
          },
          "is writable by group 54321",
        ],
        [mapFile, (p) => chmodSync(p, 0o666), "is writable by every user"],
        [guard, (p) => chmodSync(p, 0o666), "is writable by every user"],
      ];
      for (const [path, expose, why] of cases) {
        const { mode, uid, gid } = statSync(path);
        expose(path);
        try {
          const run = deno(["--allow-read"]);
          expect(run.status).toBe(1);
          expect(run.stdout).toBe("");
          const last = run.stderr.trim().split("\n").at(-1);
          expect(last).toContain(path === dirname(file) ? `: ${path}, above it, ${why}: under a trust key` : `pxos: ${path}: ${why}: under a trust key`);
          expect(last).toEndWith("[UNSAFE_LOCATION]");
        } finally {
          chownSync(path, uid, gid);
          chmodSync(path, mode & 0o7777);
        }
      }
      // Writable by the user's own group, or in a sticky folder: nobody else can swap the file.
      const { gid } = statSync(dirname(file));
      for (const mode of [0o775, 0o1777]) {
        chmodSync(dirname(file), mode);
        try {
          expect(gid).toBe(process.getgid?.() ?? gid);
          expect(deno(["--allow-read"]).stdout).toContain("Hello, pixel world!");
        } finally {
          chmodSync(dirname(file), 0o755);
        }
      }
    });

    test("pxos import-map refuses to write what Deno runs where another user could swap it", () => {
      trusted();
      const folder = join(cache, "deno");
      chmodSync(folder, 0o777);
      try {
        const run = importMap({ PXOS_TRUST: `${key}.pub` });
        expect(run.status).toBe(1);
        expect(run.stderr.trim()).toContain(`${folder}, above it, is writable by every user`);
        expect(run.stderr.trim()).toEndWith("[UNSAFE_LOCATION]");
        // Without a trust key there is nothing to protect: the map is made.
        expect(importMap().status).toBe(0);
      } finally {
        chmodSync(folder, 0o755);
      }
    });

    test("without read permission for the mirror it refuses to run", () => {
      trusted();
      const run = deno([`--allow-read=${manifest}`]);
      expect(run.status).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain("cannot verify the mirrored modules");
    });
  });

  test("pxos run gives Deno the npm mode a package.json that lives only in pixels would have given it", () => {
    rmSync(dir, { recursive: true, force: true });
    cpSync(join(import.meta.dir, "..", "conformance", "fixtures", "project-package-node-modules"), dir, { recursive: true });
    mkdirSync(join(dir, "node_modules", "greet-pkg"), { recursive: true });
    writeFileSync(join(dir, "node_modules", "greet-pkg", "package.json"), '{ "name": "greet-pkg", "type": "module", "exports": "./index.js" }\n');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: source text under test
    writeFileSync(join(dir, "node_modules", "greet-pkg", "index.js"), "export default (s) => `hello from ${s}`;\n");
    encodeProject({ root: dir });
    rmSync(join(dir, "package.json"));
    const run = spawnSync(runtimeBinary("node24"), [join(REPO, "packages/pxos/bin/pxos.mjs"), "run", "main.js", "--runtime", "deno"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...env, PATH: `${join(REPO, "node_modules", ".bin")}:${process.env.PATH}` },
    });
    expect(run.stdout).toBe("hello from pixels\n");
  });

  test("with --unstable-detect-cjs a CommonJS .js in a package without type runs from pixels as from files", () => {
    rmSync(dir, { recursive: true, force: true });
    cpSync(join(import.meta.dir, "..", "conformance", "fixtures", "package-type"), dir, { recursive: true });
    const plain = spawnSync(runtimeBinary("deno"), ["run", "-A", "--unstable-detect-cjs", "main.ts"], { cwd: dir, encoding: "utf8", env });
    expect(plain.stdout).toBe(readFileSync(join(dir, "expected.stdout"), "utf8"));
    encodeProject({ root: dir });
    rmSync(join(dir, "lib"), { recursive: true });
    expect(importMap().status).toBe(0);
    const pixels = deno(["-A", "--unstable-detect-cjs"], "main.ts");
    expect(pixels.stdout).toBe(plain.stdout);
  });
});
