/**
 * The code map on screen: the WebGL renderer under a 2D overlay that draws
 * only what is legible at the current zoom — folder outlines and names,
 * module names once a module is big enough — plus the camera (wheel zoom
 * about the cursor, drag to pan, fly to a module), hover and click.
 */

import type { Atlas } from "./atlas.ts";
import { atlasSize, type Camera, context, MapRenderer } from "./gl.ts";
import { type Folder, type Layout, moduleAt, type Rect } from "./layout.ts";

export interface MapModules {
  keys: string[];
  sizes: number[];
  loaders: string[];
}

const MAX_SCALE = 96;
/** While bands stream in, the map is redrawn at most this often: on SwiftShader a frame of 100,000 modules costs more than decoding a band. */
const LOADING_FRAME_MS = 400;
const FLY_MS = 400;
const LABEL_FONT = 11;

export class MapView {
  readonly #gl: HTMLCanvasElement;
  readonly #labels: HTMLCanvasElement;
  readonly #tip: HTMLElement;
  readonly #where: HTMLElement;
  #renderer: MapRenderer | undefined;
  #layout: Layout | undefined;
  #modules: MapModules = { keys: [], sizes: [], loaders: [] };
  #camera: Camera = { x: 0, y: 0, scale: 1 };
  #fitted = false;
  #frame = 0;
  #selected = -1;
  #uploads = 0;
  #waiting = false;
  #loadingDrawn = 0;
  #loadingTimer: ReturnType<typeof setTimeout> | undefined;
  /** Called after every frame drawn: the page counts frames with pixels in them. */
  onFrame: () => void = () => {};
  onOpen: (index: number) => void = () => {};

  constructor(viewport: HTMLElement) {
    this.#gl = viewport.querySelector("#gl") as HTMLCanvasElement;
    this.#labels = viewport.querySelector("#labels") as HTMLCanvasElement;
    this.#tip = viewport.querySelector("#tip") as HTMLElement;
    this.#where = viewport.querySelector("#where") as HTMLElement;
    // The context now, not when the first layout is ready: creating it takes a while, and the summary's fetch is a wait anyway.
    context(this.#gl);
    new ResizeObserver(() => this.#resize()).observe(viewport);
    this.#resize();
    this.#wire();
  }

  /** Show a new layout (its atlas filled later, band by band); the camera stays put unless nothing was shown yet. */
  show(layout: Layout, atlas: Atlas, modules: MapModules): void {
    this.#renderer?.dispose();
    this.#renderer = new MapRenderer(this.#gl, layout, atlas);
    this.#layout = layout;
    this.#modules = modules;
    this.#uploads = 0;
    // The first time, nothing is drawn until the first band: a frame of placeholders would hold the GPU (and, on
    // SwiftShader, the CPU the workers decode on) while the first picture is being made.
    this.#waiting = !this.#fitted && modules.keys.length > 0;
    if (!this.#fitted) this.fit();
    this.#fitted = true;
    this.redraw();
  }

  /** A band's pixels: the first and the `last` drawn at once, those between at most every LOADING_FRAME_MS. */
  upload(band: number, data: Uint8Array, bad: number[], last: boolean): void {
    this.#renderer?.upload(band, data, bad);
    this.#waiting = false;
    const wait = last || this.#uploads++ === 0 ? 0 : this.#loadingDrawn + LOADING_FRAME_MS - performance.now();
    const draw = () => {
      clearTimeout(this.#loadingTimer);
      this.#loadingTimer = undefined;
      this.#loadingDrawn = performance.now();
      this.redraw();
    };
    if (wait <= 0) draw();
    else this.#loadingTimer ??= setTimeout(draw, wait);
  }

  get atlasSize(): number {
    return atlasSize(this.#gl);
  }

  get camera(): Camera {
    return { ...this.#camera };
  }

  fit(): void {
    const root = this.#layout?.root.rect;
    if (!root || root.w <= 0) return;
    const scale = Math.min(this.#gl.width / root.w, this.#gl.height / root.h) * 0.98;
    this.#camera = { scale, x: root.w / 2 - this.#gl.width / 2 / scale, y: root.h / 2 - this.#gl.height / 2 / scale };
    this.redraw();
  }

  /** Module i's rect in CSS pixels from the canvas's top-left corner. */
  screenRect(i: number): Rect {
    const r = this.#moduleRect(i);
    const s = this.#toScreen(r);
    const dpr = devicePixelRatio;
    return { x: s.x / dpr, y: s.y / dpr, w: s.w / dpr, h: s.h / dpr };
  }

  /** Animate to module i, centred, about half the view; resolves when there. */
  fly(i: number): Promise<void> {
    const r = this.#moduleRect(i);
    this.#selected = i;
    const scale = Math.min(MAX_SCALE, 0.5 * Math.min(this.#gl.width / r.w, this.#gl.height / r.h));
    const to = { scale, x: r.x + r.w / 2 - this.#gl.width / 2 / scale, y: r.y + r.h / 2 - this.#gl.height / 2 / scale };
    const from = this.#camera;
    const start = performance.now();
    delete this.#gl.dataset.focus;
    return new Promise((done) => {
      const step = () => {
        const t = Math.min(1, (performance.now() - start) / FLY_MS);
        const e = t * t * (3 - 2 * t);
        // Zoom moves in log space and the centre with it, so the flight neither lurches nor overshoots.
        const s = Math.exp(Math.log(from.scale) + (Math.log(to.scale) - Math.log(from.scale)) * e);
        const cx = from.x + this.#gl.width / 2 / from.scale + (to.x + this.#gl.width / 2 / to.scale - (from.x + this.#gl.width / 2 / from.scale)) * e;
        const cy = from.y + this.#gl.height / 2 / from.scale + (to.y + this.#gl.height / 2 / to.scale - (from.y + this.#gl.height / 2 / from.scale)) * e;
        this.#camera = { scale: s, x: cx - this.#gl.width / 2 / s, y: cy - this.#gl.height / 2 / s };
        this.redraw();
        if (t < 1) requestAnimationFrame(step);
        else {
          this.#gl.dataset.focus = this.#modules.keys[i] ?? "";
          done();
        }
      };
      requestAnimationFrame(step);
    });
  }

  select(i: number): void {
    this.#selected = i;
    this.redraw();
  }

  redraw(): void {
    if (this.#frame || this.#waiting) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#renderer?.draw(this.#camera);
      this.#drawLabels();
      this.onFrame();
    });
  }

  #moduleRect(i: number): Rect {
    const r = (this.#layout as Layout).rects;
    return { x: r[i * 4] as number, y: r[i * 4 + 1] as number, w: r[i * 4 + 2] as number, h: r[i * 4 + 3] as number };
  }

  #toScreen(r: Rect): Rect {
    const { x, y, scale } = this.#camera;
    return { x: (r.x - x) * scale, y: (r.y - y) * scale, w: r.w * scale, h: r.h * scale };
  }

  #resize(): void {
    const box = this.#gl.parentElement?.getBoundingClientRect();
    if (!box) return;
    for (const c of [this.#gl, this.#labels]) {
      c.width = Math.max(1, Math.round(box.width * devicePixelRatio));
      c.height = Math.max(1, Math.round(box.height * devicePixelRatio));
    }
    if (this.#fitted) this.redraw();
  }

  #pointAt(event: MouseEvent): { x: number; y: number } {
    const box = this.#gl.getBoundingClientRect();
    return { x: (event.clientX - box.left) * devicePixelRatio, y: (event.clientY - box.top) * devicePixelRatio };
  }

  #moduleUnder(event: MouseEvent): number {
    if (!this.#layout) return -1;
    const p = this.#pointAt(event);
    return moduleAt(this.#layout, this.#camera.x + p.x / this.#camera.scale, this.#camera.y + p.y / this.#camera.scale);
  }

  #zoomAbout(p: { x: number; y: number }, factor: number): void {
    const fit = this.#layout ? Math.min(this.#gl.width / this.#layout.root.rect.w, this.#gl.height / this.#layout.root.rect.h) : 1;
    const scale = Math.min(MAX_SCALE, Math.max(fit * 0.5, this.#camera.scale * factor));
    const { x, y } = this.#camera;
    const ux = x + p.x / this.#camera.scale;
    const uy = y + p.y / this.#camera.scale;
    this.#camera = { scale, x: ux - p.x / scale, y: uy - p.y / scale };
    this.redraw();
  }

  #wire(): void {
    this.#gl.addEventListener(
      "wheel",
      (event) => {
        event.preventDefault();
        this.#zoomAbout(this.#pointAt(event), Math.exp(-event.deltaY * 0.0015));
      },
      { passive: false },
    );
    this.#gl.addEventListener("mousedown", (down) => {
      const start = { ...this.#camera };
      let moved = false;
      const move = (event: MouseEvent) => {
        const dx = event.clientX - down.clientX;
        const dy = event.clientY - down.clientY;
        moved ||= Math.abs(dx) + Math.abs(dy) > 3;
        this.#camera = { ...start, x: start.x - (dx * devicePixelRatio) / start.scale, y: start.y - (dy * devicePixelRatio) / start.scale };
        this.redraw();
      };
      window.addEventListener("mousemove", move);
      window.addEventListener(
        "mouseup",
        (up) => {
          window.removeEventListener("mousemove", move);
          const i = moved ? -1 : this.#moduleUnder(up);
          if (i >= 0) {
            this.select(i);
            this.onOpen(i);
          }
        },
        { once: true },
      );
    });
    this.#gl.addEventListener("mousemove", (event) => {
      const i = this.#moduleUnder(event);
      this.#tip.hidden = i < 0;
      if (i < 0) return;
      this.#tip.dataset.key = this.#modules.keys[i];
      this.#tip.textContent = `${this.#modules.keys[i]} · ${this.#modules.sizes[i]} bytes · ${this.#modules.loaders[i]}`;
      const box = this.#gl.getBoundingClientRect();
      this.#tip.style.left = `${event.clientX - box.left + 14}px`;
      this.#tip.style.top = `${event.clientY - box.top + 14}px`;
    });
    this.#gl.addEventListener("mouseleave", () => {
      this.#tip.hidden = true;
    });
    this.#gl.addEventListener("dblclick", () => this.fit());
  }

  /** Outlines and names where they are legible: folders at least a few pixels across, names only where they fit. */
  #drawLabels(): void {
    const ctx = this.#labels.getContext("2d") as CanvasRenderingContext2D;
    const dpr = devicePixelRatio;
    const W = this.#labels.width;
    const H = this.#labels.height;
    ctx.clearRect(0, 0, W, H);
    const layout = this.#layout;
    if (!layout) return;
    const font = LABEL_FONT * dpr;
    ctx.font = `${font}px ui-monospace, Menlo, Consolas, monospace`;
    ctx.textBaseline = "top";
    const charW = ctx.measureText("m").width;
    const taken: Rect[] = [];
    const free = (box: Rect) => !taken.some((t) => t.x < box.x + box.w && box.x < t.x + t.w && t.y < box.y + box.h && box.y < t.y + t.h);
    /** A name at (x, y), or one line lower when a name already drawn (an enclosing folder's) is there. */
    const label = (text: string, x: number, y: number, ink: string): void => {
      const h = font + 4 * dpr;
      const box = [y, y + h].map((top) => ({ x, y: top, w: text.length * charW + 6 * dpr, h })).find(free);
      if (taken.length > 400 || !box) return;
      taken.push(box);
      ctx.fillStyle = "rgba(16,16,22,0.78)";
      ctx.fillRect(box.x, box.y, box.w, box.h);
      ctx.fillStyle = ink;
      ctx.fillText(text, box.x + 3 * dpr, box.y + 2 * dpr);
    };
    const visible = (s: Rect) => s.x < W && s.y < H && s.x + s.w > 0 && s.y + s.h > 0;
    const visit = (folder: Folder, parent: string): void => {
      const s = this.#toScreen(folder.rect);
      if (!visible(s) || s.w < 3 || s.h < 3) return;
      const name = parent && folder.path.startsWith(`${parent}/`) ? folder.path.slice(parent.length + 1) : folder.path;
      if (folder.path !== "") {
        ctx.strokeStyle = "rgba(255,255,255,0.45)";
        ctx.lineWidth = dpr;
        ctx.strokeRect(s.x + 0.5, s.y + 0.5, s.w - 1, s.h - 1);
        if (s.w > (name.length + 2) * charW && s.h > font + 6 * dpr) label(`${name}/`, Math.max(s.x, 0), Math.max(s.y, 0), "#ffd60a");
      }
      for (const sub of folder.folders) visit(sub, folder.path);
      for (const i of folder.modules) {
        const m = this.#toScreen(this.#moduleRect(i));
        if (m.w < 40 * dpr || m.h < font + 6 * dpr || !visible(m)) continue;
        ctx.strokeStyle = "rgba(0,0,0,0.6)";
        ctx.strokeRect(m.x + 0.5, m.y + 0.5, m.w - 1, m.h - 1);
        const key = this.#modules.keys[i] as string;
        const base = key.slice(key.lastIndexOf("/") + 1);
        if (m.w > (base.length + 1) * charW) label(base, Math.max(m.x, 0), Math.max(m.y, 0), "#e8e8f0");
      }
    };
    visit(layout.root, "");
    if (this.#selected >= 0) {
      const m = this.#toScreen(this.#moduleRect(this.#selected));
      ctx.strokeStyle = "#ffd60a";
      ctx.lineWidth = 2 * dpr;
      ctx.strokeRect(m.x - dpr, m.y - dpr, m.w + 2 * dpr, m.h + 2 * dpr);
    }
    this.#where.textContent = this.#folderAtCentre(layout) || "/";
  }

  /** The deepest folder under the view's centre: where you are, even zoomed past every outline. */
  #folderAtCentre(layout: Layout): string {
    const x = this.#camera.x + this.#gl.width / 2 / this.#camera.scale;
    const y = this.#camera.y + this.#gl.height / 2 / this.#camera.scale;
    let folder = layout.root;
    for (;;) {
      const next = folder.folders.find((f) => x >= f.rect.x && y >= f.rect.y && x < f.rect.x + f.rect.w && y < f.rect.y + f.rect.h);
      if (!next) return folder.path;
      folder = next;
    }
  }
}
