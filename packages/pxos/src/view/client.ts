/**
 * The viewer's script, in the page and — the same bundle — in the map's
 * worker. The page fetches the summary (one request), lays the treemap out,
 * packs the atlas and hands the worker the bands to fetch, decode and verify;
 * each band is uploaded and drawn as it arrives. A click opens the module view.
 */
import { packAtlas } from "./atlas.ts";
import { type Layout, layoutTreemap } from "./layout.ts";
import { MapView } from "./map.ts";
import { initModuleView, isEditing, openKey, openModule } from "./module-view.ts";
import { search } from "./search.ts";
import type { Summary } from "./summary.ts";
import { type LoadRequest, startWorker, type WorkerMessage } from "./worker.ts";

/** What the page reports about loading, for the tests and the benchmark. */
interface MapState {
  total: number;
  drawn: number;
  bad: string[];
  firstPictureMs?: number;
  allDrawnMs?: number;
  keys: string[];
  layout?: Layout;
  map: MapView;
}

/** Decoding workers: bands are dealt out among them. */
const WORKERS = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));

declare global {
  interface Window {
    pxosMap: MapState;
  }
}

function startPage(): void {
  const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const token = (document.querySelector('meta[name="pxos-token"]') as HTMLMetaElement).content;
  const map = new MapView($("map"));
  let summary: Summary | undefined;
  // Started at once, so loading their code overlaps the summary's fetch and the layout.
  const startWorkers = () => Array.from({ length: WORKERS }, () => new Worker("/client.js", { type: "module" }));
  let workers = startWorkers();
  let fresh = true;
  const state: MapState = { total: 0, drawn: 0, bad: [], keys: [], map };
  window.pxosMap = state;

  const info = (i: number) => {
    const s = summary as Summary;
    return {
      key: s.keys[i] as string,
      size: s.sizes[i] as number,
      loader: s.names[s.loaders[i] as number] as string,
      format: s.names[s.formats[i] as number] as string,
    };
  };
  map.onOpen = (i) => void openModule(info(i));

  async function loadMap(): Promise<void> {
    summary = (await (await fetch("/api/summary")).json()) as Summary;
    const s = summary;
    const { keys, sizes } = s;
    const layout = layoutTreemap(keys, sizes);
    const atlas = packAtlas(layout.grids, map.atlasSize);
    Object.assign(state, { total: keys.length, drawn: 0, bad: [], keys, layout, firstPictureMs: undefined, allDrawnMs: undefined });
    $("edit").hidden = s.readOnly;
    $("summary").textContent = `${keys.length} modules, ${sizes.reduce((n, b) => n + b, 0)} bytes`;
    $("map").dataset.ready = "false";
    if (!fresh) {
      for (const w of workers) w.terminate();
      workers = startWorkers();
    }
    fresh = false;
    let uploaded = 0;
    const onmessage = (event: MessageEvent<WorkerMessage>) => {
      const msg = event.data;
      if (msg.kind === "error") {
        $("summary").textContent = `cannot draw the map: ${msg.message}`;
        return;
      }
      uploaded += atlas.bands[msg.band]?.count ?? 0;
      map.upload(
        msg.band,
        msg.data,
        msg.bad.map((b) => b.index),
        uploaded === keys.length,
      );
      state.bad.push(...msg.bad.map((b) => `${keys[b.index]}: ${b.message}`));
      const done = uploaded;
      map.onFrame = () => {
        state.drawn = done;
        state.firstPictureMs ??= performance.now();
        if (done === keys.length && state.allDrawnMs === undefined) {
          state.allDrawnMs = performance.now();
          $("map").dataset.ready = "true";
        }
      };
    };
    // A cartridge is one image: one worker decodes it, the others stay idle.
    const sharing = s.readOnly ? 1 : workers.length;
    workers.slice(0, sharing).forEach((w, index) => {
      w.onmessage = onmessage;
      const req: LoadRequest = {
        cartridge: s.readOnly,
        keys: s.readOnly ? keys : [],
        sizes,
        grids: layout.grids,
        place: atlas.place,
        bands: atlas.bands,
        size: atlas.size,
        share: { index, of: sharing },
      };
      w.postMessage(req);
    });
    // After the workers have their bands: building the renderer overlaps their first fetch.
    map.show(layout, atlas, { keys, sizes, loaders: s.loaders.map((l) => s.names[l] as string) });
    if (keys.length === 0) $("map").dataset.ready = "true";
    const again = openKey();
    const index = again === undefined ? -1 : keys.indexOf(again);
    if (index >= 0) await openModule(info(index));
  }

  initModuleView(token, loadMap);

  const input = $<HTMLInputElement>("search");
  const results = $<HTMLOListElement>("results");
  const go = async (i: number) => {
    results.replaceChildren();
    await map.fly(i);
  };
  input.addEventListener("input", () => {
    results.replaceChildren(
      ...search(input.value, state.keys).map((i) => {
        const li = document.createElement("li");
        li.textContent = state.keys[i] as string;
        li.dataset.key = state.keys[i];
        li.addEventListener("click", () => void go(i));
        return li;
      }),
    );
  });
  input.addEventListener("keydown", (event) => {
    const first = results.firstElementChild as HTMLElement | null;
    if (event.key === "Enter" && first) void go(state.keys.indexOf(first.dataset.key as string));
  });

  // Re-encodes from the command line show up: the page polls the manifest's version (one small request).
  setInterval(async () => {
    if (isEditing() || !summary) return;
    const { version } = (await (await fetch("/api/version")).json()) as { version: string };
    if (version !== summary.version) await loadMap();
  }, 1000);

  void loadMap();
}

if (typeof document === "undefined") startWorker();
else startPage();
