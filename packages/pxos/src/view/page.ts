/** The viewer's one page: layout and style; behaviour lives in client.ts. */
export function pageHtml(token: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="pxos-token" content="${token}">
<title>pxos view</title>
<link rel="icon" href="data:,">
<link rel="modulepreload" href="/client.js">
<link rel="preload" href="/api/summary" as="fetch" crossorigin="anonymous">
<style>
  :root { color-scheme: dark; --bg: #16161d; --panel: #1f1f29; --ink: #e8e8f0; --dim: #8a8aa0; --hl: #ffd60a; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 13px/1.4 ui-monospace, Menlo, Consolas, monospace; background: var(--bg); color: var(--ink); display: grid; grid-template-rows: auto 1fr; height: 100vh; }
  header { padding: 8px 14px; background: var(--panel); display: flex; gap: 16px; align-items: baseline; }
  header h1 { font-size: 14px; margin: 0; }
  header span { color: var(--dim); }
  main { display: grid; grid-template-columns: 3fr 2fr; min-height: 0; }
  #map { overflow: hidden; position: relative; cursor: grab; border-right: 1px solid #333; }
  #map canvas { position: absolute; inset: 0; width: 100%; height: 100%; }
  #labels { pointer-events: none; }
  #tip { position: absolute; pointer-events: none; background: #000c; padding: 2px 6px; white-space: nowrap; z-index: 2; }
  #where { position: absolute; left: 0; bottom: 0; padding: 2px 8px; background: #000a; color: var(--hl); pointer-events: none; }
  #find { position: relative; }
  #search { font: inherit; width: 320px; background: #101016; color: var(--ink); border: 1px solid #444; padding: 2px 6px; }
  #results { position: absolute; z-index: 3; margin: 0; padding: 0; list-style: none; background: var(--panel); width: 480px; max-height: 60vh; overflow: auto; }
  #results li { padding: 2px 8px; cursor: pointer; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  #results li:hover { background: #333; }
  #pixels, #overlay { image-rendering: pixelated; display: block; }
  #module { overflow: auto; padding: 12px 16px; }
  #module[hidden] { display: none; }
  #module .bar { display: flex; gap: 10px; align-items: center; margin-bottom: 10px; }
  #module .bar b { font-weight: 600; }
  #stage { position: relative; display: inline-block; margin-bottom: 12px; }
  #overlay { position: absolute; inset: 0; pointer-events: none; }
  #source { margin: 0; white-space: pre; counter-reset: line; }
  #source span.hl { background: var(--hl); color: #000; }
  #source span.sel { background: #3a86ff55; }
  #lines { color: var(--dim); float: left; text-align: right; padding-right: 10px; user-select: none; white-space: pre; }
  #editor { width: 100%; height: 40vh; background: #101016; color: var(--ink); font: inherit; border: 1px solid #444; }
  button { font: inherit; background: #2d2d3a; color: var(--ink); border: 1px solid #555; padding: 3px 10px; cursor: pointer; }
  #status { color: var(--dim); }
</style>
</head>
<body>
<header><h1>pxos view</h1><span id="summary">loading…</span>
  <div id="find"><input id="search" type="search" placeholder="find a module (fuzzy path)" autocomplete="off"><ol id="results"></ol></div>
  <span>wheel: zoom · drag: pan · double-click: whole project · click: open</span></header>
<main>
  <div id="map"><canvas id="gl"></canvas><canvas id="labels"></canvas><div id="tip" hidden></div><div id="where"></div></div>
  <div id="module" hidden>
    <div class="bar"><b id="title"></b><span id="facts"></span><button id="edit">Edit</button><button id="save" hidden>Save</button><span id="status"></span></div>
    <div id="stage"><canvas id="pixels"></canvas><canvas id="overlay"></canvas></div>
    <textarea id="editor" hidden spellcheck="false"></textarea>
    <div><div id="lines"></div><pre id="source"></pre></div>
  </div>
</main>
<script type="module" src="/client.js"></script>
</body>
</html>
`;
}
