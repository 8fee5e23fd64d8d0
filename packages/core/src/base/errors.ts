/**
 * Every failure pxos reports is a {@link PxosError}: one class, a stable `code`
 * per cause, and the file it concerns, so callers can branch on `err.code`
 * and users read one line that says what and where.
 */
export type PxosErrorCode =
  | "BAD_MAGIC"
  | "TRUNCATED"
  | "BAD_CRC"
  | "BAD_CHUNK"
  | "BAD_DIMENSIONS"
  | "TOO_LARGE"
  | "BAD_SIZE"
  | "BAD_ZLIB"
  | "BAD_LENGTH"
  | "BAD_FILTER"
  | "CHECKSUM_MISMATCH"
  | "BAD_VERSION"
  | "BAD_COMPRESSION"
  | "UNSUPPORTED_PNG"
  | "NO_METADATA"
  | "BAD_MANIFEST"
  | "MANIFEST_MISMATCH"
  | "PATH_ESCAPE"
  | "BAD_PATH"
  | "NOT_FOUND"
  | "IO"
  | "LOCKED"
  | "UNSIGNED"
  | "BAD_SIGNATURE"
  | "ROLLBACK"
  | "UNSAFE_LOCATION"
  | "PIXELS_ONLY"
  | "USAGE";

/**
 * The one error type of pxos.
 *
 * @example
 * try { decodeImage(bytes, { file: "a.pxi" }) }
 * catch (e) { if (e instanceof PxosError && e.code === "CHECKSUM_MISMATCH") … }
 */
/** Marks pxos errors across copies of core (an adapter's bundle carries its own), where instanceof cannot. */
const BRAND = Symbol.for("pxos.error");

export class PxosError extends Error {
  override readonly name = "PxosError";
  readonly [BRAND] = true;
  readonly code: PxosErrorCode;
  readonly file: string | undefined;
  readonly reason: string;

  constructor(code: PxosErrorCode, reason: string, file?: string, options?: { cause?: unknown }) {
    // A path holding a control character would break the one line, or drive the terminal: escaped as JSON escapes it.
    super(file ? `${escapeControls(file)}: ${reason} [${code}]` : `${reason} [${code}]`, options);
    this.code = code;
    this.file = file;
    this.reason = reason;
  }
}

/** True when `err` is a {@link PxosError}, optionally with the given code. */
export function isPxosError(err: unknown, code?: PxosErrorCode): err is PxosError {
  return typeof err === "object" && err !== null && (err as { [BRAND]?: boolean })[BRAND] === true && (code === undefined || (err as PxosError).code === code);
}

/**
 * A module key or path as a one-line message shows it: quoted (as JSON) when it holds a control
 * character, which would break the line or drive the terminal.
 *
 * @example
 * shownKey("src/a.ts") // "src/a.ts"; shownKey("a\nb.ts") // "\"a\\nb.ts\""
 */
export function shownKey(key: string): string {
  return CONTROL.test(key) ? JSON.stringify(key) : key;
}

const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const escapeControls = (text: string): string => (CONTROL.test(text) ? JSON.stringify(text).slice(1, -1) : text);

/**
 * Modules named in one line: `module src/a.ts`, or `3 modules (src/a.ts, src/b.ts, src/c.ts)`,
 * past three `…`.
 */
export function shownKeys(keys: readonly string[]): string {
  if (keys.length === 1) return `module ${shownKey(keys[0] as string)}`;
  return `${keys.length} modules (${keys.slice(0, 3).map(shownKey).join(", ")}${keys.length > 3 ? ", …" : ""})`;
}
