/**
 * `pxos repl` driven through its standard input as a person would, on every runtime: imports come
 * from the pixels with the sources gone, `.edit` re-encodes through a scripted $EDITOR, `.reload`
 * binds a fresh instance, a damaged image is refused in one line and the REPL lives on, a cartridge
 * is read-only. Deno's REPL has no dot-commands: the same steps go through the `px` helpers there.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeProject, generateSigningKeys, packCartridge, signManifest } from "@pxos/core";
import { damageFile } from "../support/damage.ts";
import { REPO, type RuntimeName, runtimeBinary } from "../support/runtimes.ts";
import { type Session, startSession, startTerminalSession } from "./session.ts";

const BIN = join(REPO, "packages", "pxos", "bin", "pxos.mjs");
const WORK = join(REPO, "tests", ".work", "repl");
const EDITOR = join(WORK, "editor.sh");
/** An editor that, like vi or nano, reads what to write from the terminal. */
const TERMINAL_EDITOR = join(WORK, "terminal-editor.sh");
const UTIL = "export const answer: number = 41 + 1;\n";
const EDITED = UTIL.replace("41 + 1", "42 + 1");
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A project encoded into pixels (and packed into a cartridge), its sources then deleted. */
function project(name: string): string {
  const root = join(WORK, name);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, "src"), { recursive: true });
  writeFileSync(join(root, "src", "util.ts"), UTIL);
  writeFileSync(join(root, "src", "main.ts"), 'import { answer } from "./util.ts";\nexport const fromMain = () => answer;\n');
  encodeProject({ root });
  writeFileSync(join(root, "app.pxc.png"), packCartridge({ root, entry: "src/main.ts" }).image);
  rmSync(join(root, "src"), { recursive: true });
  return root;
}

const manifestEntry = (root: string, key: string) => JSON.parse(readFileSync(join(root, "pixel_manifest.json"), "utf8")).modules[key];

beforeAll(() => {
  mkdirSync(WORK, { recursive: true });
  // The scripted editor: one change, saved in place, as a person's edit would be.
  writeFileSync(EDITOR, '#!/bin/sh\nsed -i "s/41 + 1/42 + 1/" "$1"\n');
  chmodSync(EDITOR, 0o755);
  writeFileSync(TERMINAL_EDITOR, '#!/bin/sh\nprintf "edit> " > /dev/tty\nread -r typed < /dev/tty\nsed -i "s/41 + 1/$typed/" "$1"\n');
  chmodSync(TERMINAL_EDITOR, 0o755);
});

const NODE_LIKE: { name: RuntimeName; runtime: "node" | "bun" }[] = [
  { name: "node22", runtime: "node" },
  { name: "node24", runtime: "node" },
  { name: "bun", runtime: "bun" },
];

for (const { name, runtime } of NODE_LIKE) {
  describe(`pxos repl on ${name}`, () => {
    const repl = (root: string, ...args: string[]): Session =>
      startSession(runtimeBinary(name), [BIN, "repl", "--runtime", runtime, ...args], { cwd: root, env: { EDITOR, VISUAL: "" } });

    test("imports from the pixels with the sources deleted; .pixels and .show read them", async () => {
      const root = project(`${name}-import`);
      const s = repl(root);
      expect(await s.until("px> ")).toContain(`pixel importer installed (${runtime === "bun" ? "bun" : "node-sync"}), 2 modules available`);
      await s.send('import { answer } from "./src/util.ts"', "px> ");
      expect(await s.send("answer * 2", "px> ")).toContain("84");
      expect(await s.send('(await import("./src/main.ts")).fromMain()', "px> ")).toContain("42");
      const listing = await s.send(".pixels", "px> ");
      expect(listing).toMatch(/src\/main\.ts\s+\d+ B\s+loaded/);
      expect(listing).toMatch(/src\/util\.ts\s+38 B\s+loaded/);
      expect(await s.send(".show src/util.ts", "px> ")).toContain("1 │ export const answer: number = 41 + 1;");
      expect(await s.send(".stats", "px> ")).toMatch(/"loadedModules": 2/);
      expect(await s.send(".show src/nope.ts", "px> ")).toContain("pxos: ");
      expect((await s.close()).code).toBe(0);
    });

    test(".edit re-encodes through $EDITOR; .reload binds a fresh instance while old bindings keep the old one", async () => {
      const root = project(`${name}-edit`);
      const s = repl(root);
      await s.until("px> ");
      await s.send('import { answer } from "./src/util.ts"', "px> ");
      await s.send('const main = await import("./src/main.ts")', "px> ");
      const edited = await s.send(".edit src/util.ts", "px> ");
      expect(edited).toContain(`src/util.ts re-encoded: ${EDITED.length} bytes, sha256 ${sha256(EDITED)}`);
      expect(manifestEntry(root, "src/util.ts").sha256).toBe(sha256(EDITED));
      expect(await s.send(".show src/util.ts", "px> ")).toContain("42 + 1");
      expect(await s.send(".reload src/util.ts", "px> ")).toContain("util = a fresh instance of src/util.ts");
      expect(await s.send("util.answer", "px> ")).toContain("43");
      // ES modules: what was imported before stays bound to the instance it was linked to.
      expect(await s.send("[answer, main.fromMain()].join()", "px> ")).toContain("'42,42'");
      expect((await s.close()).code).toBe(0);
    });

    test("input that ends while a dot-command is running closes the REPL quietly (no prompt after the end)", () => {
      const root = project(`${name}-piped`);
      const run = spawnSync(runtimeBinary(name), [BIN, "repl", "--runtime", runtime], {
        cwd: root,
        input: ".stats\n",
        env: { ...process.env, PATH: [join(REPO, "node_modules", ".bin"), process.env.PATH].join(":") },
      });
      expect([run.status, run.stderr.toString()]).toEqual([0, ""]);
      expect(run.stdout.toString()).toContain('"loadedModules": 0');
    });

    test("a damaged image is refused in one line, and the REPL lives on", async () => {
      const root = project(`${name}-damaged`);
      damageFile(join(root, manifestEntry(root, "src/util.ts").image), "bitflip");
      const s = repl(root);
      await s.until("px> ");
      const refused = await s.send('const m = await import("./src/util.ts")', "px> ");
      expect(refused).toMatch(/^Uncaught pxos: .*src\/util\.ts.*\[BAD_CRC\]\npx> $/);
      expect(await s.send(".show src/util.ts", "px> ")).toMatch(/^pxos: .*\[BAD_CRC\]\n/);
      expect(await s.send("6 * 7", "px> ")).toContain("42");
      expect((await s.close()).code).toBe(0);
    });

    test("a cartridge serves its modules and refuses .edit", async () => {
      const root = project(`${name}-cartridge`);
      const before = readFileSync(join(root, "app.pxc.png"));
      const s = repl(root, "--cartridge", "app.pxc.png");
      expect(await s.until("px> ")).toContain("2 modules available");
      expect(await s.send('(await import("./app.pxc.png/src/main.ts")).fromMain()', "px> ")).toContain("42");
      expect(await s.send(".edit src/util.ts", "px> ")).toMatch(/^pxos: .*app\.pxc\.png: a cartridge is read-only: unpack it .*\[USAGE\]\n/);
      expect((await s.close()).code).toBe(0);
      expect(readFileSync(join(root, "app.pxc.png"))).toEqual(before);
    });
  });
}

describe("pxos repl --sign", () => {
  test(".edit signs the manifest again with --sign; without, it warns as encode does that the signature is stale", async () => {
    const root = project("signed");
    const keys = generateSigningKeys();
    writeFileSync(join(root, "key"), keys.privatePem);
    writeFileSync(join(root, "key.pub"), keys.publicPem);
    signManifest(join(root, "pixel_manifest.json"), join(root, "key"));
    const verify = () => spawnSync(runtimeBinary("node24"), [BIN, "verify", "--trust", "key.pub"], { cwd: root, encoding: "utf8" });
    const signed = startSession(runtimeBinary("node24"), [BIN, "repl", "--runtime", "node", "--sign", "key"], { cwd: root, env: { EDITOR, VISUAL: "" } });
    await signed.until("px> ");
    expect(await signed.send(".edit src/util.ts", "px> ")).toMatch(/re-encoded: .*\nsigned release \d+ with key /);
    await signed.close();
    expect(verify().status).toBe(0);
    const unsigned = startSession(runtimeBinary("node24"), [BIN, "repl", "--runtime", "node"], { cwd: root, env: { EDITOR: "sed -i s/42/44/", VISUAL: "" } });
    await unsigned.until("px> ");
    expect(await unsigned.send(".edit src/util.ts", "px> ")).toContain("pxos: warning: pixel_manifest.json.sig no longer matches the manifest");
    await unsigned.close();
    expect(verify().status).toBe(1);
  });
});

describe("pxos repl on deno", () => {
  const deno = (root: string, ...args: string[]): Session =>
    startSession(runtimeBinary("deno"), ["run", "-A", BIN, "repl", "--runtime", "deno", ...args], { cwd: root, env: { EDITOR, VISUAL: "" } });

  test("imports from the pixels with the sources deleted; px.* reads and edits them", async () => {
    const root = project("deno");
    const s = deno(root);
    expect(await s.until("px.pixels()")).toContain("pixel importer installed (deno), 2 modules available");
    await s.send('import { answer } from "./src/util.ts"', "undefined");
    expect(await s.send("answer * 2", "84")).toContain("84");
    expect(await s.send('px.show("src/util.ts")', "undefined")).toContain("1 │ export const answer: number = 41 + 1;");
    expect(await s.send('px.edit("src/util.ts")', "undefined")).toContain(`src/util.ts re-encoded: ${EDITED.length} bytes, sha256 ${sha256(EDITED)}`);
    expect(manifestEntry(root, "src/util.ts").sha256).toBe(sha256(EDITED));
    expect(await s.send('px.reload("src/util.ts")', "restart")).toContain("deno repl cannot take a new import map while it runs");
    expect((await s.close()).code).toBe(0);
  });

  test("a damaged image stops the start in one line: Deno runs what was verified into its mirror", async () => {
    const root = project("deno-damaged");
    damageFile(join(root, manifestEntry(root, "src/util.ts").image), "bitflip");
    const { code, output } = await deno(root).close();
    expect(output).toMatch(/^pxos: .*src\/util\.ts.*\[BAD_CRC\]\n$/);
    expect(code).toBe(1);
  });

  test("a cartridge serves its modules and refuses px.edit", async () => {
    const root = project("deno-cartridge");
    const s = deno(root, "--cartridge", "app.pxc.png");
    await s.until("px.pixels()");
    expect(await s.send('(await import("./app.pxc.png/src/main.ts")).fromMain()', "42")).toContain("42");
    expect(await s.send('px.edit("src/util.ts")', "read-only")).toContain("a cartridge is read-only");
    expect((await s.close()).code).toBe(0);
  });
});

describe("pxos repl in a terminal", () => {
  // Each waits for its REPL's prompt before typing: a terminal echoes typeahead the REPL has not read yet.
  const TERMINAL: { name: RuntimeName; args: string[]; prompt: string | RegExp; edit: string; after: [string, string][] }[] = [
    {
      name: "node24",
      args: ["repl", "--runtime", "node"],
      prompt: "px> ",
      edit: ".edit src/util.ts",
      after: [
        [".reload src/util.ts", "fresh instance"],
        ["util.answer", "101"],
      ],
    },
    {
      name: "bun",
      args: ["repl", "--runtime", "bun"],
      prompt: "px> ",
      edit: ".edit src/util.ts",
      after: [
        [".reload src/util.ts", "fresh instance"],
        ["util.answer", "101"],
      ],
    },
    { name: "deno", args: ["run", "-A", BIN, "repl", "--runtime", "deno"], prompt: "\u001b[K> ", edit: 'px.edit("src/util.ts")', after: [] },
  ];
  for (const { name, args, prompt, edit, after } of TERMINAL) {
    test(`${name}: the editor .edit opens gets the terminal, and the REPL has it back after`, async () => {
      const root = project(`${name}-terminal`);
      const s = startTerminalSession(runtimeBinary(name), name === "deno" ? args : [BIN, ...args], { cwd: root, env: { EDITOR: TERMINAL_EDITOR, VISUAL: "" } });
      await s.until(prompt);
      await s.send(edit, "edit> ");
      expect(await s.send("100 + 1", "re-encoded")).toContain("src/util.ts re-encoded");
      expect(manifestEntry(root, "src/util.ts").sha256).toBe(sha256(UTIL.replace("41 + 1", "100 + 1")));
      for (const [line, expected] of after) await s.send(line, expected);
      expect(await s.send("6 * 7", "42")).toContain("42");
      expect((await s.close()).code).toBe(0);
    });
  }
});
