import type { CodecPlatform } from "./platform.ts";

/** The two on-disk image formats, told apart by their first bytes. */
export type ImageFormat = "png" | "pxif";

/** What an image says about the bytes it holds, read from its header alone. */
export interface ImageInfo {
  format: ImageFormat;
  /** Format version of the stored layout (pxOS PXIF: major.minor as "1.0"). */
  version: string;
  width: number;
  height: number;
  /** Exact byte length of the stored data. */
  size: number;
  /** SHA-256 of the stored data, lowercase hex. */
  sha256: string;
  /** Loader the bytes were encoded for (png only). */
  loader?: string;
  /** Original path, relative to the project root (png only). */
  path?: string;
}

export interface DecodeOptions {
  /** Name used in error messages. */
  file?: string;
  /** Refuse images with more pixels than this before allocating or inflating. */
  maxPixels?: number;
}

export interface EncodeOptions {
  format?: ImageFormat;
  /** Image width in pixels; default: png 1024 (narrower for data under one row), pxif 1024. */
  width?: number;
  loader?: string;
  path?: string;
}

export interface Decoded {
  bytes: Uint8Array;
  info: ImageInfo;
}

/** 64 Mi pixels: 192 MiB of data, far above any source module, far below what would hurt. */
export const DEFAULT_MAX_PIXELS = 64 * 1024 * 1024;
export const DEFAULT_WIDTH = 1024;

/**
 * The width an encode uses: the one asked for; for pxif pxOS's 1024; for
 * png as few rows of at most 1024 pixels as the data needs, each as narrow as
 * those rows allow — so padding stays under one pixel a row, and a module
 * shorter than 1024 pixels is one unpadded row.
 */
export function imageWidth(format: ImageFormat, size: number, requested?: number): number {
  if (requested !== undefined) return requested;
  if (format === "pxif") return DEFAULT_WIDTH;
  const pixels = Math.max(1, Math.ceil(size / 3));
  return Math.ceil(pixels / Math.ceil(pixels / DEFAULT_WIDTH));
}

export type { CodecPlatform };
