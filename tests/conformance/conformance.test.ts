/**
 * The conformance suite: every fixture, on every adapter, encoded into pixels
 * through core and run the way a user would — a fresh process with the
 * adapter's documented command line.
 */
import { describe, expect, test } from "bun:test";
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { encodeImage, encodeProject, generateSigningKeys, Manifest, type ManifestEntry, packCartridge, signManifest, signManifestRelease } from "@pxos/core";
import { bunForm, bunSourceForm } from "../../packages/bun-plugin/src/derive.ts";
import { serializeManifest } from "../../packages/core/src/manifest/index.ts";
import { denoForm } from "../../packages/deno-loader/src/derive.ts";
import { type Damage, damageFile } from "../support/damage.ts";
import { REPO } from "../support/runtimes.ts";
import { ADAPTERS, type AdapterUnderTest, CACHE, CARTRIDGE } from "./adapters.ts";
import { KNOWN_FAILURES } from "./known-failures.ts";

interface FixtureSpec {
  description: string;
  entry: string;
  encode?: { exclude?: string[] };
  /** Sign the manifest with the trusted key or another one; with `trust`, run with PXOS_TRUST set to the trusted key. */
  sign?: "trusted" | "other";
  trust?: boolean;
  /** The signed release (the manifest's, or the cartridge header's); default what signing gives. */
  release?: number;
  /** More environment for the run, such as PXOS_TRUST_MIN_RELEASE. */
  env?: Record<string, string>;
  /** After signing: swap in a valid image of other code and make the manifest entry agree with it. */
  forge?: string;
  after?: { delete?: string[]; write?: Record<string, string> };
  damage?: Record<string, Damage>;
  expect: { exit: number | "nonzero"; stderrIncludes?: string[]; stdoutExcludes?: string[] };
}

const FIXTURES_DIR = join(import.meta.dirname, "fixtures");
const WORK = join(REPO, "tests", ".work", "conformance");
const FIXTURE_FILES = ["fixture.json", "expected.stdout"];

const fixtures = readdirSync(FIXTURES_DIR).sort();

/** Two key pairs for the signing fixtures: the one runs trust, and another. */
const keys = { trusted: join(WORK, "keys", "trusted.key"), other: join(WORK, "keys", "other.key") };
mkdirSync(join(WORK, "keys"), { recursive: true });
for (const path of Object.values(keys)) {
  const { privatePem, publicPem } = generateSigningKeys();
  writeFileSync(path, privatePem, { mode: 0o600 });
  writeFileSync(`${path}.pub`, publicPem);
}

function prepare(adapter: AdapterUnderTest, name: string, spec: FixtureSpec): string {
  const dir = join(WORK, adapter.name, name);
  rmSync(dir, { recursive: true, force: true });
  // verbatimSymlinks: a fixture's relative links (a workspace's node_modules entry) must point inside the copy, not back at the fixture.
  cpSync(join(FIXTURES_DIR, name), dir, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => !FIXTURE_FILES.includes(src.slice(src.lastIndexOf("/") + 1)),
  });
  // As `pxos encode` encodes, with Bun's ready JavaScript and Deno's.
  encodeProject({ root: dir, exclude: spec.encode?.exclude, derive: [bunForm, bunSourceForm, denoForm()], cacheDir: CACHE });
  if (adapter.cartridge)
    writeFileSync(join(dir, CARTRIDGE), packCartridge({ root: dir, entry: spec.entry, exclude: spec.encode?.exclude, release: spec.release }).image);
  for (const path of spec.after?.delete ?? []) rmSync(join(dir, path), { recursive: true });
  for (const [path, text] of Object.entries(spec.after?.write ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const manifestPath = join(dir, "pixel_manifest.json");
  if (spec.sign && adapter.cartridge) signManifest(join(dir, CARTRIDGE), keys[spec.sign]);
  else if (spec.sign) signManifestRelease(manifestPath, keys[spec.sign], spec.release);
  const manifest = Manifest.load(manifestPath);
  for (const [key, damage] of Object.entries(spec.damage ?? {})) damageFile(manifest.imagePath(key), damage);
  if (spec.forge) forgeEntry(manifest, spec.forge);
  return dir;
}

/** The attack a signature exists for: other code, in an image and a manifest entry that agree with each other. */
function forgeEntry(manifest: Manifest, key: string): void {
  const code = new TextEncoder().encode('console.log("FORGED CODE RAN");\n');
  writeFileSync(manifest.imagePath(key), encodeImage(code, { loader: "ts", path: key }));
  const entry = manifest.entry(key) as ManifestEntry;
  entry.sha256 = new Bun.CryptoHasher("sha256").update(code).digest("hex");
  entry.size = code.length;
  writeFileSync(manifest.path, serializeManifest(manifest.data));
}

/** No colour in compared output: NO_COLOR set, and FORCE_COLOR gone (Deno colours on any value of it, even 0). */
const { FORCE_COLOR: _, ...inherited } = process.env;
const plainEnv = { ...inherited, NO_COLOR: "1" };

/** Runs each command while the previous one succeeded; the result is the last one run. */
function runSteps(commands: string[][], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  let run: SpawnSyncReturns<string> | undefined;
  for (const [cmd, ...args] of commands) {
    run = spawnSync(cmd as string, args, { cwd, encoding: "utf8", timeout: 60_000, env: { ...plainEnv, ...env } });
    if (run.status !== 0) break;
  }
  if (!run) throw new Error("an adapter with no commands");
  return run;
}

/** Paths differ per run and runtime; compare with the project directory (a cartridge's modules live under it) as `<root>`. */
const normalise = (text: string, dir: string) => text.replaceAll(join(dir, CARTRIDGE), "<root>").replaceAll(dir, "<root>");

for (const adapter of ADAPTERS) {
  describe(`conformance on ${adapter.name}`, () => {
    for (const name of fixtures) {
      const spec: FixtureSpec = JSON.parse(readFileSync(join(FIXTURES_DIR, name, "fixture.json"), "utf8"));
      const known = KNOWN_FAILURES[adapter.name]?.[name];
      (known ? test.skip : test)(`${name}: ${spec.description}`, () => {
        const dir = prepare(adapter, name, spec);
        const run = runSteps(adapter.commands(spec.entry), dir, {
          ...adapter.env,
          ...(spec.trust ? { PXOS_TRUST: `${keys.trusted}.pub` } : {}),
          ...spec.env,
        });
        const stdout = normalise(run.stdout, dir);
        const stderr = normalise(run.stderr, dir);
        const context = `\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;
        if (spec.expect.exit === "nonzero") expect(run.status, context).not.toBe(0);
        else expect(run.status, context).toBe(spec.expect.exit);
        for (const s of spec.expect.stderrIncludes ?? []) expect(stderr, context).toContain(s);
        for (const s of spec.expect.stdoutExcludes ?? []) expect(stdout, context).not.toContain(s);
        if (spec.expect.exit === 0) expect(stdout, context).toBe(readFileSync(join(FIXTURES_DIR, name, "expected.stdout"), "utf8"));
      });
    }
  });
}
