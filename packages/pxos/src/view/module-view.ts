/**
 * One module beside the map: its pixels and its numbered source, pixel ↔
 * character highlighting both ways, and the editor that re-encodes every
 * keystroke in the page and saves through the server. Images are decoded
 * with core's browser codec and drawn with putImageData — never by the
 * browser's image decoder, whose colour management would alter values.
 */
import { decodeImageInBrowser, encodeImageInBrowser } from "@pxos/core/codec/browser";

export interface ModuleInfo {
  key: string;
  size: number;
  format: string;
  loader: string;
}

/** Module pixels are drawn this many wide here (fewer when there are fewer), each ZOOM screen pixels. */
const WRAP = 64;
const ZOOM = 8;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const utf8 = new TextDecoder();
let current: { info: ModuleInfo; bytes: Uint8Array; stored: string } | undefined;
let editing = false;

export const isEditing = () => editing;
export const openKey = () => current?.info.key;

/** Draw `bytes` as RGB pixels, `WRAP` wide (narrower when there are fewer). */
function draw(canvas: HTMLCanvasElement, bytes: Uint8Array, scale: number): void {
  const pixels = Math.max(1, Math.ceil(bytes.length / 3));
  const width = Math.min(WRAP, pixels);
  const height = Math.ceil(pixels / width);
  canvas.width = width;
  canvas.height = height;
  canvas.style.width = `${width * scale}px`;
  canvas.style.height = `${height * scale}px`;
  const image = new ImageData(width, height);
  for (let p = 0; p < pixels; p++) {
    image.data.set([bytes[p * 3] ?? 0, bytes[p * 3 + 1] ?? 0, bytes[p * 3 + 2] ?? 0, 255], p * 4);
  }
  (canvas.getContext("2d") as CanvasRenderingContext2D).putImageData(image, 0, 0);
}

export async function openModule(info: ModuleInfo): Promise<void> {
  const file = new Uint8Array(await (await fetch(`/api/image/${encodeURIComponent(info.key)}`)).arrayBuffer());
  const decoded = await decodeImageInBrowser(file, { file: info.key });
  current = { info, bytes: decoded.bytes, stored: `${decoded.info.width}×${decoded.info.height} ${decoded.info.format}` };
  const panel = $("module");
  panel.hidden = false;
  panel.dataset.key = info.key;
  $("title").textContent = info.key;
  showBytes(decoded.bytes, current.stored);
  stopEditing();
}

/** The module's pixels and its source, one span per pixel so either side can point at the other. */
function showBytes(bytes: Uint8Array, stored: string): void {
  $("module").dataset.size = String(bytes.length);
  $("facts").textContent = `${bytes.length} bytes · stored ${stored} · ${current?.info.loader}`;
  draw($<HTMLCanvasElement>("pixels"), bytes, ZOOM);
  const overlay = $<HTMLCanvasElement>("overlay");
  overlay.width = $<HTMLCanvasElement>("pixels").width * ZOOM;
  overlay.height = $<HTMLCanvasElement>("pixels").height * ZOOM;
  const source = $("source");
  source.replaceChildren();
  let offset = 0;
  let span: HTMLSpanElement | undefined;
  for (const ch of utf8.decode(bytes)) {
    const px = Math.floor(offset / 3);
    if (!span || span.dataset.px !== String(px)) {
      span = document.createElement("span");
      span.dataset.px = String(px);
      source.append(span);
    }
    span.textContent += ch;
    offset += new TextEncoder().encode(ch).length;
  }
  const text = utf8.decode(bytes);
  const lines = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
  $("lines").textContent = Array.from({ length: lines }, (_, i) => i + 1).join("\n");
}

function pixelAt(event: MouseEvent): number {
  const canvas = $<HTMLCanvasElement>("pixels");
  const box = canvas.getBoundingClientRect();
  return Math.floor((event.clientY - box.top) / ZOOM) * canvas.width + Math.floor((event.clientX - box.left) / ZOOM);
}

function stopEditing(): void {
  editing = false;
  $("editor").hidden = true;
  $("save").hidden = true;
  $("status").textContent = "";
}

/** Wire the panel's controls; `saved` runs after a save, to redraw the map. */
export function initModuleView(token: string, saved: () => Promise<void>): void {
  $("pixels").addEventListener("mousemove", (event) => {
    const px = String(pixelAt(event));
    const spans = [...document.querySelectorAll<HTMLElement>("#source span")];
    for (const s of spans) s.classList.toggle("hl", s.dataset.px === px);
    $("source").dataset.highlighted = spans.find((s) => s.dataset.px === px)?.textContent ?? "";
  });

  document.addEventListener("selectionchange", () => {
    const selection = document.getSelection();
    const overlay = $<HTMLCanvasElement>("overlay");
    const ctx = overlay.getContext("2d") as CanvasRenderingContext2D;
    ctx.clearRect(0, 0, overlay.width, overlay.height);
    if (!selection || selection.isCollapsed || !$("source").contains(selection.anchorNode)) return;
    const width = $<HTMLCanvasElement>("pixels").width;
    const chosen = [...document.querySelectorAll<HTMLElement>("#source span")].filter((s) => selection.containsNode(s, true));
    ctx.strokeStyle = "#ffd60a";
    ctx.lineWidth = 2;
    for (const s of chosen) {
      const px = Number(s.dataset.px);
      ctx.strokeRect((px % width) * ZOOM + 1, Math.floor(px / width) * ZOOM + 1, ZOOM - 2, ZOOM - 2);
    }
    overlay.dataset.count = String(chosen.length);
  });

  $("edit").addEventListener("click", () => {
    if (!current) return;
    editing = true;
    const editor = $<HTMLTextAreaElement>("editor");
    editor.value = utf8.decode(current.bytes);
    editor.hidden = false;
    $("save").hidden = false;
    editor.focus();
  });

  // Every keystroke re-encodes with core in the page and draws the pixels the new image holds.
  $("editor").addEventListener("input", async () => {
    if (!current) return;
    const bytes = new TextEncoder().encode($<HTMLTextAreaElement>("editor").value);
    const image = await encodeImageInBrowser(bytes, { loader: current.info.loader, path: current.info.key });
    const decoded = await decodeImageInBrowser(image, { file: current.info.key });
    showBytes(decoded.bytes, `${decoded.info.width}×${decoded.info.height} ${decoded.info.format}`);
    $("status").textContent = `unsaved · image ${image.length} bytes`;
  });

  $("save").addEventListener("click", async () => {
    if (!current) return;
    const body = new TextEncoder().encode($<HTMLTextAreaElement>("editor").value);
    const res = await fetch(`/api/save/${encodeURIComponent(current.info.key)}`, { method: "POST", headers: { "x-pxos-token": token }, body });
    const reply = await res.json();
    $("status").textContent = res.ok ? "saved" : `save failed: ${reply.error}`;
    if (res.ok) {
      editing = false;
      await saved();
      $("status").textContent = reply.warning ? `saved · ${reply.warning}` : "saved";
    }
  });
}
