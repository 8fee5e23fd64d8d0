/** @pxos/node-hook: the version gates, and the programmatic register() with its unregister(). */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { cpSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeProject, isPxosError } from "@pxos/core";
import { GATES, hookMode } from "@pxos/node-hook";
import { REPO, runtimeBinary } from "../support/runtimes.ts";

describe("version gates", () => {
  test.each([
    ["v22.18.0", "async"],
    ["v22.22.2", "async"],
    ["v22.22.3", "sync"],
    ["v22.23.3", "sync"],
    ["v23.6.0", "async"],
    ["v24.0.0", "async"],
    ["v24.11.1", "sync"],
    ["v24.21.0", "sync"],
    ["v25.0.0", "sync"],
  ])("Node %s gets %s hooks", (version, mode) => {
    expect(hookMode(version, undefined, true)).toBe(mode as "sync" | "async");
  });

  test("PXOS_NODE_HOOKS=async forces module.register", () => {
    expect(hookMode("v24.21.0", "async", true)).toBe("async");
  });

  test.each(["v20.19.0", "v22.17.1"])("Node %s stops with a clear message", (version) => {
    try {
      hookMode(version, undefined, true);
      throw new Error("no error");
    } catch (err) {
      expect(isPxosError(err, "USAGE")).toBe(true);
      expect((err as Error).message).toContain(`needs Node 22.18 or newer (type stripping by default, ${GATES.typeStripping.pr}); this is ${version}`);
    }
  });

  test("every gate links the Node change behind it", () => {
    for (const gate of Object.values(GATES)) expect(gate.pr).toMatch(/^https:\/\/github\.com\/nodejs\/node\/pull\/\d+$/);
  });
});

test.each(["sync", "async"])("register({ mode: %p }) serves pixels until unregister() is called", (mode) => {
  const dir = join(REPO, "tests", ".work", `node-register-${mode}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(REPO, "examples", "hello", "src"), dir, { recursive: true });
  encodeProject({ root: dir });
  writeFileSync(join(dir, "greet.ts"), 'export const greet = () => "from disk";\n');
  writeFileSync(
    join(dir, "run.ts"),
    `import { register } from "@pxos/node-hook";
const unregister = register({ manifest: ${JSON.stringify(join(dir, "pixel_manifest.json"))}, mode: "${mode}" });
console.log((await import("./greet.ts")).greet("you"));
unregister();
console.log((await import("./greet.ts?again")).greet("you"));
`,
  );
  const run = spawnSync(runtimeBinary("node24"), [join(dir, "run.ts")], { cwd: dir, encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.stdout).toBe("Hello, you! Every line of this app was read from pixels.\nfrom disk\n");
});
