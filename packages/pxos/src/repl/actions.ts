/**
 * What the REPL's pixel commands do, as plain functions returning the text to print: Node's and
 * Bun's sessions call them from dot-commands, Deno's from the `px` helpers (deno repl has no dot-commands).
 * The pixels are opened afresh for every command, so an `.edit` shows up in the next `.pixels`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { getPixelStats, PixelModules, PxosError, replaceModuleSource, resolveOptions, signManifestRelease } from "@pxos/core";
import { leftOnDisk, moduleKey, shown, staleSignatureWarning } from "../commands/project.ts";
import { formatBytes } from "../io.ts";

/** Where the session's pixels live, as `pxos repl` was told. */
export interface SessionSource {
  manifest?: string;
  cartridge?: string;
  /** `.edit` signs the manifest again with this private key, as `pxos encode --sign` does. */
  sign?: string;
}

export const open = (source: SessionSource) => PixelModules.open(resolveOptions({ manifest: source.manifest, cartridge: source.cartridge }));

export function banner(source: SessionSource): string {
  const { manifest } = open(source);
  const stats = getPixelStats();
  const adapter = stats.installed ? `pixel importer installed (${stats.adapter})` : "pixel importer NOT installed";
  return `pxos: ${adapter}, ${manifest.moduleCount} modules available from ${shown(manifest.path)}`;
}

/** Every module, its size, and whether this session has loaded it (`undefined` where the runtime cannot tell). */
export function pixels(source: SessionSource, loaded: ((path: string) => boolean) | undefined): string {
  const { manifest } = open(source);
  const keys = manifest.keys();
  const width = Math.max(0, ...keys.map((k) => k.length));
  const rows = keys.map((key) => {
    const state = loaded === undefined ? "" : loaded(manifest.modulePath(key)) ? "  loaded" : "  not loaded";
    return `${key.padEnd(width)}  ${formatBytes(manifest.entry(key)?.size ?? 0).padStart(8)}${state}`;
  });
  return `${rows.join("\n")}\n${keys.length} modules`;
}

/** A module's decoded (and verified) source with line numbers. */
export function show(source: SessionSource, name: string): string {
  const pixels = open(source);
  const mod = pixels.read(pixels.manifest.modulePath(moduleKey(pixels, requireName(name, ".show"))));
  const lines = new TextDecoder().decode(mod.bytes).replace(/\n$/, "").split("\n");
  const width = String(lines.length).length;
  return lines.map((line, i) => `${String(i + 1).padStart(width)} │ ${line}`).join("\n");
}

/**
 * Opens $VISUAL or $EDITOR on a module's decoded source; a changed file is re-encoded through core
 * (the content-named, atomic, locked write of `pxos encode`). Returns what happened, one line each.
 */
export function edit(source: SessionSource, name: string): string {
  if (source.cartridge) throw new PxosError("USAGE", "a cartridge is read-only: unpack it (pxos unpack), edit, pack again", source.cartridge);
  const pixels = open(source);
  const key = moduleKey(pixels, requireName(name, ".edit"));
  const before = pixels.read(pixels.manifest.modulePath(key));
  const editor = process.env.VISUAL || process.env.EDITOR;
  if (!editor) throw new PxosError("USAGE", ".edit needs $VISUAL or $EDITOR set to an editor command");
  const dir = mkdtempSync(join(tmpdir(), "pxos-edit-"));
  try {
    // The module's own file name, so the editor picks its mode from the extension.
    const file = join(dir, basename(key));
    writeFileSync(file, before.bytes);
    // Through the shell, as git and others run $EDITOR: it may carry arguments (`code --wait`).
    const run = spawnSync("/bin/sh", ["-c", `${editor} "$1"`, "sh", file], { stdio: "inherit" });
    if (run.error) throw new PxosError("IO", `cannot start the editor (${editor}): ${run.error.message}`);
    if (run.status !== 0) throw new PxosError("IO", `the editor (${editor}) exited with ${run.status ?? run.signal}: ${key} left as it was`);
    const after = readFileSync(file);
    if (Buffer.compare(after, before.bytes) === 0) return `${key} unchanged`;
    const { entry, file: onDisk, why } = replaceModuleSource(pixels.manifest.path, key, after);
    const lines = [`${key} re-encoded: ${entry.size} bytes, sha256 ${entry.sha256}`];
    if (onDisk === "left") lines.push(`pxos: warning: ${leftOnDisk(key, why)}`);
    if (source.sign) {
      const signed = signManifestRelease(pixels.manifest.path, source.sign);
      lines.push(`signed release ${signed.release} with key ${signed.fingerprint}`);
    } else {
      const stale = staleSignatureWarning(pixels.manifest.path);
      if (stale) lines.push(`pxos: warning: ${stale}`);
    }
    return lines.join("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function stats(): string {
  return JSON.stringify(getPixelStats(), null, 2);
}

/** The absolute path and a fresh manifest entry's SHA-256 of the module `.reload` names. */
export function reloadTarget(source: SessionSource, name: string): { key: string; path: string; sha256: string } {
  const pixels = open(source);
  const key = moduleKey(pixels, requireName(name, ".reload"));
  const path = pixels.manifest.modulePath(key);
  // Read (and so verified) before any runtime is asked for it: a damaged image is refused here, in one line.
  return { key, path, sha256: pixels.read(path).sha256 };
}

function requireName(name: string, command: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new PxosError("USAGE", `${command} takes a MODULE (a manifest key or a path; .pixels lists them)`);
  return trimmed;
}
