/**
 * The viewer in the browser: the code map, the module view with its
 * pixel ↔ character highlighting, and the editor. Every image is decoded and
 * verified with core's browser codec, and drawn from the decoded bytes with
 * putImageData — never by the browser's image decoder, whose colour
 * management and premultiplied alpha would alter values.
 */
import { decodeImageInBrowser, encodeImageInBrowser } from "@pxos/core/codec/browser";

interface ModuleInfo {
  key: string;
  folder: string;
  size: number;
  format: string;
  loader: string;
  width: number;
  height: number;
}

/** Modules are drawn this many pixels wide, so every tile's area is to scale with its bytes. */
const WRAP = 64;
const MAP_SCALE = 2;
const ZOOM = 8;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const token = (document.querySelector('meta[name="pxos-token"]') as HTMLMetaElement).content;
const utf8 = new TextDecoder();
let version = "";
let current: { info: ModuleInfo; bytes: Uint8Array } | undefined;
let editing = false;

async function fetchBytes(key: string): Promise<Uint8Array> {
  const file = new Uint8Array(await (await fetch(`/api/image/${encodeURIComponent(key)}`)).arrayBuffer());
  return (await decodeImageInBrowser(file, { file: key })).bytes;
}

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

async function loadMap(): Promise<void> {
  const listing = (await (await fetch("/api/modules")).json()) as { version: string; readOnly: boolean; modules: ModuleInfo[] };
  version = listing.version;
  $("edit").hidden = listing.readOnly;
  const total = listing.modules.reduce((n, m) => n + m.size, 0);
  $("summary").textContent = `${listing.modules.length} modules, ${total} bytes`;
  const map = $("map");
  map.replaceChildren();
  const folders = new Map<string, ModuleInfo[]>();
  for (const m of listing.modules) folders.set(m.folder, [...(folders.get(m.folder) ?? []), m]);
  for (const [folder, modules] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
    const section = document.createElement("section");
    section.innerHTML = `<h3></h3><div class="tiles"></div>`;
    (section.querySelector("h3") as HTMLElement).textContent = `${folder}/`;
    for (const info of modules) {
      const tile = document.createElement("figure");
      tile.className = "tile";
      tile.dataset.key = info.key;
      const canvas = document.createElement("canvas");
      const caption = document.createElement("figcaption");
      caption.textContent = info.key.slice(info.key.lastIndexOf("/") + 1);
      tile.append(canvas, caption);
      tile.addEventListener("click", () => void openModule(info));
      (section.querySelector(".tiles") as HTMLElement).append(tile);
      draw(canvas, await fetchBytes(info.key), MAP_SCALE);
    }
    map.append(section);
  }
  map.dataset.ready = "true";
  if (current) {
    const again = listing.modules.find((m) => m.key === current?.info.key);
    if (again) await openModule(again);
  }
}

async function openModule(info: ModuleInfo): Promise<void> {
  for (const t of document.querySelectorAll(".tile")) t.classList.toggle("open", (t as HTMLElement).dataset.key === info.key);
  const bytes = await fetchBytes(info.key);
  current = { info, bytes };
  const panel = $("module");
  panel.hidden = false;
  panel.dataset.key = info.key;
  $("title").textContent = info.key;
  showBytes(bytes, info);
  stopEditing();
}

/** The module's pixels and its source, one span per pixel so either side can point at the other. */
function showBytes(bytes: Uint8Array, info: ModuleInfo): void {
  $("module").dataset.size = String(bytes.length);
  $("facts").textContent = `${bytes.length} bytes · stored ${info.width}×${info.height} ${info.format} · ${info.loader}`;
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

function stopEditing(): void {
  editing = false;
  $("editor").hidden = true;
  $("save").hidden = true;
  $("status").textContent = "";
}

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
  showBytes(decoded.bytes, { ...current.info, width: decoded.info.width, height: decoded.info.height });
  $("status").textContent = `unsaved · image ${image.length} bytes`;
});

$("save").addEventListener("click", async () => {
  if (!current) return;
  const body = new TextEncoder().encode($<HTMLTextAreaElement>("editor").value);
  const res = await fetch(`/api/save/${encodeURIComponent(current.info.key)}`, { method: "POST", headers: { "x-pxos-token": token }, body });
  $("status").textContent = res.ok ? "saved" : `save failed: ${(await res.json()).error}`;
  if (res.ok) {
    editing = false;
    await loadMap();
    $("status").textContent = "saved";
  }
});

// Re-encodes from the command line show up: the page polls the manifest's version.
setInterval(async () => {
  if (editing) return;
  const listing = (await (await fetch("/api/modules")).json()) as { version: string };
  if (listing.version !== version) await loadMap();
}, 1000);

// Zoom with the wheel, pan by dragging.
let zoom = 1;
let pan = { x: 0, y: 0 };
const apply = () => {
  $("map").style.transform = `translate(${pan.x}px, ${pan.y}px) scale(${zoom})`;
};
$("viewport").addEventListener("wheel", (event) => {
  event.preventDefault();
  zoom = Math.min(16, Math.max(0.25, zoom * (event.deltaY < 0 ? 1.15 : 1 / 1.15)));
  apply();
});
$("viewport").addEventListener("mousedown", (down) => {
  const start = { ...pan };
  const move = (event: MouseEvent) => {
    pan = { x: start.x + event.clientX - down.clientX, y: start.y + event.clientY - down.clientY };
    apply();
  };
  window.addEventListener("mousemove", move);
  window.addEventListener("mouseup", () => window.removeEventListener("mousemove", move), { once: true });
});

void loadMap();
