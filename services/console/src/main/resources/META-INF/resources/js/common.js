// Shared helpers of the console's pages: JSON calls, formatting, and line charts drawn as inline SVG.
'use strict';

const Stride = (() => {
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const COLORS = ['#2f6fde', '#d9480f', '#2b8a3e', '#862e9c', '#c2255c', '#0b7285', '#5c940d', '#e67700'];

  // --- API keys: a person signs in with a key, kept in this tab's sessionStorage (gone when the tab
  // closes, never sent by the browser on its own) and sent by the pages as X-API-Key
  const KEY_ITEM = 'stride.apiKey';
  const apiKey = () => sessionStorage.getItem(KEY_ITEM);

  function withKey(headers) {
    const key = apiKey();
    return key ? { ...headers, 'X-API-Key': key } : headers;
  }

  /** What an answer refused for want of a key says on the page, in place of the server's words. */
  function refusal(status, body) {
    if (status === 401) return 'This needs an API key: sign in with yours at the top of the page.';
    if (status === 403) return `Your API key may not do this (${(body && body.error) || 'forbidden'}).`;
    return null;
  }

  /** fetch() with the signed-in key; for requests that are not JSON (a picture upload). */
  function send(url, init = {}) {
    return fetch(url, { ...init, headers: withKey(init.headers || {}) });
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: withKey({ Accept: 'application/json' }) });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const error = new Error((body && body.error) || response.statusText);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  /** POSTs JSON; resolves to {status, body} whatever the status. */
  async function postJson(url, payload) {
    const response = await fetch(url, {
      method: 'POST',
      headers: withKey({ 'Content-Type': 'application/json', Accept: 'application/json' }),
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    const body = await response.json().catch(() => null);
    const refused = refusal(response.status, body);
    return { status: response.status, body: refused ? { ...body, error: refused } : body };
  }

  /**
   * The sign-in box in the page's header, when the console has keys on: a key field until a key
   * the console knows is given, then who is signed in and a way out. Without a key, a line under
   * the header says that actions need one, so no button fails silently.
   */
  async function signIn() {
    const header = document.querySelector('header.top');
    if (!header) return;
    let session;
    try {
      session = await getJson('/api/v1/session');
    } catch (e) {
      if (e.status !== 401) return;
      sessionStorage.removeItem(KEY_ITEM); // a key the console no longer knows
      session = await getJson('/api/v1/session').catch(() => null);
    }
    if (!session || !session.authEnabled) return;
    const box = el('span', { id: 'signin', class: 'signin' });
    header.append(box);
    const main = document.querySelector('main');
    const banner = el('p', { id: 'auth-banner', class: 'auth-banner' });
    if (main) main.prepend(banner);
    const render = (current) => {
      box.replaceChildren();
      if (current.signedIn) {
        banner.hidden = true;
        const out = el('button', { id: 'signout-button', type: 'button', text: 'Sign out' });
        out.addEventListener('click', () => { sessionStorage.removeItem(KEY_ITEM); location.reload(); });
        box.append(el('span', { id: 'signed-in', text: `signed in: ${current.roles.join(', ')}` }), out);
        return;
      }
      banner.hidden = false;
      banner.textContent = 'Actions (submit, cancel, promote, ingest, predict) need an API key: sign in above.';
      const field = el('input', { id: 'api-key', type: 'password', placeholder: 'API key', autocomplete: 'off' });
      const button = el('button', { id: 'signin-button', type: 'submit', text: 'Sign in' });
      const error = el('span', { id: 'signin-error', class: 'error' });
      const form = el('form', { id: 'signin-form' }, field, button, error);
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const response = await fetch('/api/v1/session', { headers: { Accept: 'application/json', 'X-API-Key': field.value } });
        const body = await response.json().catch(() => null);
        if (!response.ok || !body.signedIn) {
          error.textContent = (body && body.error) || `HTTP ${response.status}`;
          return;
        }
        sessionStorage.setItem(KEY_ITEM, field.value);
        location.reload(); // every page reads its data again, now with the key
      });
      box.append(form);
    };
    render(session);
  }

  function param(name) {
    return new URLSearchParams(location.search).get(name);
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === null || v === undefined || v === false) return;
      if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    });
    children.flat().forEach((c) => node.append(c instanceof Node ? c : document.createTextNode(c ?? '')));
    return node;
  }

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG_NS, tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const fmt = {
    pct: (x) => (x === null || x === undefined ? '–' : (100 * x).toFixed(1) + ' %'),
    num: (x, digits = 4) => (x === null || x === undefined ? '–' : Number(x).toFixed(digits)),
    int: (x) => (x === null || x === undefined ? '–' : Number(x).toLocaleString('en')),
    time: (iso) => (iso ? new Date(iso).toLocaleString() : '–'),
    duration(seconds) {
      if (seconds === null || seconds === undefined || !isFinite(seconds)) return '–';
      const s = Math.max(0, Math.round(seconds));
      const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
      return h ? `${h} h ${m} min` : m ? `${m} min ${r} s` : `${r} s`;
    },
  };

  /** The run's duration: recorded once it ended, else counting from its start. */
  function duration(run) {
    if (run.durationSeconds !== undefined) return run.durationSeconds;
    const since = run.startedAt || run.requestedAt;
    return since && run.status === 'running' ? (Date.now() - Date.parse(since)) / 1000 : null;
  }

  /** How far the run is, 0..1: whole epochs plus the batches of the current one. */
  function fraction(run) {
    if (run.status === 'completed') return 1;
    const epochs = run.epochs || 0;
    if (!epochs) return 0;
    const done = (run.history || []).length;
    const p = run.progress;
    const within = p && p.batches ? (p.epoch - 1 + p.batch / p.batches) : 0;
    return Math.min(1, Math.max(done, within) / epochs);
  }

  function statusBadge(status) {
    return el('span', { class: `status status-${status}`, text: status });
  }

  /** The proxy URL of an object-store key (runs/… or datasets/…). */
  function objectUrl(key) {
    return '/api/v1/objects/' + key.split('/').map(encodeURIComponent).join('/');
  }

  /**
   * Draws line series into an <svg class="chart">: series = [{name, color, dashed, points: [[x, y]]}].
   * options: {title, xLabel, yMin, yMax, percent}.
   */
  function lineChart(target, series, options = {}) {
    const W = 520, H = 280, m = { top: 28, right: 16, bottom: 40, left: 52 };
    target.replaceChildren();
    target.setAttribute('viewBox', `0 0 ${W} ${H}`);
    target.classList.add('chart');
    const all = series.flatMap((s) => s.points);
    const xMax = Math.max(1, ...all.map((p) => p[0]));
    let yMin = options.yMin ?? Math.min(...all.map((p) => p[1]));
    let yMax = options.yMax ?? Math.max(...all.map((p) => p[1]));
    if (!all.length) { yMin = 0; yMax = 1; }
    if (yMax === yMin) { yMax += 0.5; yMin -= 0.5; }
    const x = (v) => m.left + ((v - 1) / Math.max(1, xMax - 1)) * (W - m.left - m.right);
    const y = (v) => H - m.bottom - ((v - yMin) / (yMax - yMin)) * (H - m.top - m.bottom);
    target.append(svg('text', { x: m.left, y: 16, 'font-weight': 600 }, options.title || ''));
    for (let i = 0; i <= 4; i++) {
      const v = yMin + ((yMax - yMin) * i) / 4;
      target.append(svg('line', { class: 'gridline', x1: m.left, x2: W - m.right, y1: y(v), y2: y(v) }));
      target.append(svg('text', { x: m.left - 6, y: y(v) + 4, 'text-anchor': 'end' },
        options.percent ? (100 * v).toFixed(0) + '%' : v.toFixed(2)));
    }
    const step = Math.max(1, Math.ceil(xMax / 10));
    for (let e = 1; e <= xMax; e += step) {
      target.append(svg('text', { x: x(e), y: H - m.bottom + 16, 'text-anchor': 'middle' }, String(e)));
    }
    target.append(svg('line', { class: 'axis', x1: m.left, x2: W - m.right, y1: H - m.bottom, y2: H - m.bottom }));
    target.append(svg('line', { class: 'axis', x1: m.left, x2: m.left, y1: m.top, y2: H - m.bottom }));
    target.append(svg('text', { x: (W + m.left) / 2, y: H - 6, 'text-anchor': 'middle' }, options.xLabel || 'epoch'));
    series.forEach((s, i) => {
      const color = s.color || COLORS[i % COLORS.length];
      const path = s.points.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ');
      const line = svg('polyline', { points: path, fill: 'none', stroke: color, 'stroke-width': 2 });
      if (s.dashed) line.setAttribute('stroke-dasharray', '5 4');
      target.append(line);
      s.points.forEach((p) => target.append(svg('circle', { cx: x(p[0]), cy: y(p[1]), r: 2.5, fill: color })));
      const lx = W - m.right - 150, ly = m.top + 4 + i * 15;
      const key = svg('line', { x1: lx, x2: lx + 18, y1: ly, y2: ly, stroke: color, 'stroke-width': 2 });
      if (s.dashed) key.setAttribute('stroke-dasharray', '5 4');
      target.append(key, svg('text', { x: lx + 24, y: ly + 4 }, s.name));
    });
  }

  signIn();

  return { COLORS, getJson, postJson, send, refusal, param, el, svg, fmt, duration, fraction, statusBadge, objectUrl, lineChart };
})();
