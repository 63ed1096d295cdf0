// The site's own style and scripts: search over the inlined index (with MiniSearch, copied into the
// site), pan and zoom of the diagrams (wheel zooms about the pointer, drag pans, a click on a table
// opens its page), and, only under `docs --serve`, the live-reload client. Plain ES5-style scripts
// loaded with <script src>, so the site works from file:// with no server and nothing fetched.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const STYLE_CSS = `:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #fff; --soft: #f6f8fa; --accent: #0969da; --warn: #9a6700; --err: #d1242f; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header.site { display: flex; gap: 1rem; align-items: center; padding: .5rem 1rem; border-bottom: 1px solid var(--line); background: var(--soft); position: sticky; top: 0; z-index: 10; }
header.site .title { font-weight: 600; color: var(--fg); text-decoration: none; }
.search { position: relative; margin-left: auto; }
.search input { width: 22rem; max-width: 50vw; padding: .3rem .5rem; border: 1px solid var(--line); border-radius: 4px; font: inherit; }
.search ul { position: absolute; right: 0; top: 2.2rem; width: 30rem; max-width: 90vw; max-height: 70vh; overflow: auto; margin: 0; padding: 0; list-style: none; background: var(--bg); border: 1px solid var(--line); border-radius: 4px; box-shadow: 0 4px 12px rgba(0,0,0,.12); }
.search li a { display: block; padding: .3rem .6rem; text-decoration: none; color: var(--fg); }
.search li a:hover, .search li a:focus { background: var(--soft); }
.search .kind { color: var(--muted); font-size: .85em; margin-right: .4rem; }
main { padding: 1rem 2rem 3rem; max-width: 80rem; }
h1 { font-size: 1.6rem; margin: .5rem 0; word-break: break-word; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
a { color: var(--accent); }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--soft); }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--soft); padding: .6rem; overflow: auto; white-space: pre-wrap; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 0 .4rem; border-radius: 3px; font-size: .8em; background: var(--soft); border: 1px solid var(--line); }
.badge.pii, .badge.restricted, .badge.confidential { border-color: var(--err); color: var(--err); }
.finding.error { color: var(--err); }
.finding.warning { color: var(--warn); }
.unjustified { color: var(--err); }
.diagram-viewport { position: relative; height: 75vh; border: 1px solid var(--line); overflow: hidden; background: var(--soft); cursor: grab; touch-action: none; user-select: none; }
.diagram-viewport.dragging { cursor: grabbing; }
.diagram-canvas { transform-origin: 0 0; will-change: transform; position: absolute; left: 0; top: 0; }
.diagram-canvas svg { display: block; }
.diagram-viewport [data-entity] { cursor: pointer; }
.diagram-viewport.zoomed-out [data-entity] [data-column] { display: none; }
.diagram-controls { position: absolute; right: .5rem; top: .5rem; z-index: 2; display: flex; gap: .25rem; }
.diagram-controls button { font: inherit; min-width: 2rem; background: var(--bg); border: 1px solid var(--line); border-radius: 3px; cursor: pointer; }
`;

export const SITE_JS = `(function () {
  'use strict';
  var root = document.body.getAttribute('data-root') || '';

  // Search: the index is built on first use from the documents inlined in search-data.js.
  var input = document.getElementById('search');
  var list = document.getElementById('search-results');
  var index = null;
  function searchIndex() {
    if (index === null && window.MiniSearch && window.SCHEMATA_SEARCH) {
      index = new window.MiniSearch({
        fields: ['name', 'table', 'description'],
        storeFields: ['kind', 'name', 'table', 'href'],
        searchOptions: { prefix: true, fuzzy: 0.2, boost: { name: 3, table: 1.5 } }
      });
      index.addAll(window.SCHEMATA_SEARCH);
    }
    return index;
  }
  function showResults(query) {
    list.textContent = '';
    var found = query.trim() && searchIndex() ? index.search(query).slice(0, 40) : [];
    list.hidden = found.length === 0;
    found.forEach(function (hit) {
      var item = document.createElement('li');
      var a = document.createElement('a');
      a.href = root + hit.href;
      var kind = document.createElement('span');
      kind.className = 'kind';
      kind.textContent = hit.kind;
      a.appendChild(kind);
      a.appendChild(document.createTextNode(hit.kind === 'column' ? hit.table + '.' + hit.name : hit.name));
      item.appendChild(a);
      list.appendChild(item);
    });
  }
  if (input && list) {
    input.addEventListener('input', function () { showResults(input.value); });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') {
        var first = list.querySelector('a');
        if (first) window.location.href = first.href;
      } else if (event.key === 'Escape') {
        input.value = '';
        showResults('');
      }
    });
  }

  // Diagrams: wheel zooms about the pointer, drag pans, a click on a table opens its page.
  var pages = window.SCHEMATA_PAGES || {};
  Array.prototype.forEach.call(document.querySelectorAll('.diagram-viewport'), function (viewport) {
    var canvas = viewport.querySelector('.diagram-canvas');
    var svg = canvas && canvas.querySelector('svg');
    if (!svg) return;
    var scale = 1, x = 0, y = 0, frame = 0;
    var drag = null, moved = false;
    function size() {
      var box = svg.viewBox && svg.viewBox.baseVal;
      if (box && box.width) return { width: box.width, height: box.height };
      return { width: svg.width.baseVal.value || 1, height: svg.height.baseVal.value || 1 };
    }
    function apply() {
      frame = 0;
      canvas.style.transform = 'translate(' + x + 'px,' + y + 'px) scale(' + scale + ')';
      viewport.classList.toggle('zoomed-out', scale < 0.45);
    }
    function schedule() { if (!frame) frame = window.requestAnimationFrame(apply); }
    function fit() {
      var s = size();
      var w = viewport.clientWidth, h = viewport.clientHeight;
      scale = Math.min(w / s.width, h / s.height, 1);
      x = (w - s.width * scale) / 2;
      y = (h - s.height * scale) / 2;
      schedule();
    }
    function zoomAt(px, py, factor) {
      var next = Math.max(0.02, Math.min(4, scale * factor));
      x = px - (px - x) * (next / scale);
      y = py - (py - y) * (next / scale);
      scale = next;
      schedule();
    }
    var s0 = size();
    svg.setAttribute('width', String(s0.width));
    svg.setAttribute('height', String(s0.height));
    viewport.addEventListener('wheel', function (event) {
      event.preventDefault();
      var rect = viewport.getBoundingClientRect();
      zoomAt(event.clientX - rect.left, event.clientY - rect.top, Math.exp(-event.deltaY * 0.0015));
    }, { passive: false });
    viewport.addEventListener('pointerdown', function (event) {
      if (event.button !== 0 || event.target.closest('.diagram-controls')) return;
      drag = { x: event.clientX, y: event.clientY, startX: x, startY: y };
      moved = false;
    });
    window.addEventListener('pointermove', function (event) {
      if (!drag) return;
      var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) { moved = true; viewport.classList.add('dragging'); }
      x = drag.startX + dx;
      y = drag.startY + dy;
      schedule();
    });
    window.addEventListener('pointerup', function () {
      drag = null;
      viewport.classList.remove('dragging');
    });
    viewport.addEventListener('click', function (event) {
      if (moved) { moved = false; return; }
      var entity = event.target.closest('[data-entity]');
      if (!entity) return;
      var key = entity.getAttribute('data-entity');
      if (Object.prototype.hasOwnProperty.call(pages, key)) window.location.href = root + pages[key];
    });
    var controls = viewport.querySelector('.diagram-controls');
    if (controls) controls.addEventListener('click', function (event) {
      var action = event.target.getAttribute('data-zoom');
      var cx = viewport.clientWidth / 2, cy = viewport.clientHeight / 2;
      if (action === 'in') zoomAt(cx, cy, 1.25);
      else if (action === 'out') zoomAt(cx, cy, 0.8);
      else if (action === 'fit') fit();
    });
    fit();
  });
})();
`;

/** Only in `docs --serve`: reloads the page when the server says the site was rebuilt. */
export const LIVE_RELOAD_JS = `(function () {
  'use strict';
  var source = new EventSource('/__schemata/events');
  source.addEventListener('reload', function () { window.location.reload(); });
})();
`;

/** MiniSearch's browser build, read from its package; its source map comment left out. */
export async function readMiniSearchBrowserBuild(): Promise<string> {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('minisearch');
  const text = await readFile(join(dirname(entry), '..', 'umd', 'index.js'), 'utf8');
  return text.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
}
