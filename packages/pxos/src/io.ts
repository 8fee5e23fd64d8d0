/** Where a command writes, and how: colour only on a TTY and never with NO_COLOR. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  writeBytes: (bytes: Uint8Array) => void;
  color: boolean;
  /** Progress only where someone watches. */
  interactive: boolean;
}

export function processIo(): Io {
  endQuietlyOnClosedPipe();
  const toStdout = (data: string | Uint8Array) => {
    try {
      process.stdout.write(data);
    } catch (err) {
      // Deno throws as it writes; Node and Bun emit the error on the stream (below).
      if (!isClosedPipe(err)) throw err;
      process.exit(process.exitCode ?? 0);
    }
  };
  return {
    out: toStdout,
    err: (text) => process.stderr.write(text),
    writeBytes: toStdout,
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    interactive: Boolean(process.stderr.isTTY),
  };
}

/**
 * A reader that stops early (`pxos list | head -1`) closes the pipe: the rest goes unwritten and
 * pxos ends quietly, as command lines do, instead of dying on EPIPE with a stack.
 */
let guarded = false;
function endQuietlyOnClosedPipe(): void {
  if (guarded) return;
  guarded = true;
  process.stdout.on("error", (err) => {
    if (!isClosedPipe(err)) throw err;
    process.exit(process.exitCode ?? 0);
  });
}

const isClosedPipe = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code === "EPIPE";

export function paint(io: Io, code: number, text: string): string {
  return io.color ? `\x1b[${code}m${text}\x1b[0m` : text;
}

export const bold = (io: Io, t: string) => paint(io, 1, t);
export const dim = (io: Io, t: string) => paint(io, 2, t);
export const red = (io: Io, t: string) => paint(io, 31, t);
export const green = (io: Io, t: string) => paint(io, 32, t);
export const yellow = (io: Io, t: string) => paint(io, 33, t);

/** `name  value` lines, the names bold and padded to the longest: how info, stats and inspect print. */
export function printRows(io: Io, rows: readonly (readonly [string, string])[]): void {
  const width = Math.max(0, ...rows.map(([name]) => name.length));
  for (const [name, value] of rows) io.out(`${bold(io, name.padEnd(width))} ${value}\n`);
}

export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ["kB", "MB", "GB"];
  let v = n;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

/** A one-line progress bar on stderr, redrawn in place; a no-op when nobody watches. */
export function progressBar(io: Io, label: string): { update: (done: number, total: number) => void; end: () => void } {
  let drawn = false;
  return {
    update(done, total) {
      if (!io.interactive || total < 50) return;
      const width = 30;
      const filled = Math.round((done / total) * width);
      io.err(`\r${label} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${total}`);
      drawn = true;
    },
    end() {
      if (drawn) io.err("\r\x1b[K");
    },
  };
}
