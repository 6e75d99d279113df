// index.html: every run, newest first, refreshed every few seconds; pick runs to compare.
'use strict';

(() => {
  const { el, fmt } = Stride;
  const body = document.querySelector('#runs-table tbody');
  const compare = document.getElementById('compare-button');
  const selected = new Set();

  function row(run) {
    const box = el('input', {
      type: 'checkbox', class: 'select-run', value: run.runId, checked: selected.has(run.runId),
      onchange: (e) => { e.target.checked ? selected.add(run.runId) : selected.delete(run.runId); update(); },
    });
    return el('tr', { 'data-run-id': run.runId },
      el('td', {}, box),
      el('td', {}, el('a', { href: `run.html?id=${encodeURIComponent(run.runId)}`, text: run.runId })),
      el('td', {}, Stride.statusBadge(run.status)),
      el('td', { text: run.architecture || '–' }),
      el('td', { text: run.datasetId || '–' }),
      el('td', { class: 'num', text: fmt.pct(run.bestValAccuracy) }),
      el('td', { class: 'num', text: fmt.pct(run.testAccuracy) }),
      el('td', { text: run.device || '–' }),
      el('td', { class: 'num', text: fmt.duration(Stride.duration(run)) }),
      el('td', { class: 'muted', text: fmt.time(run.requestedAt || run.startedAt) }));
  }

  function update() {
    compare.disabled = selected.size < 2;
  }

  async function refresh() {
    try {
      const runs = await Stride.getJson('/api/v1/runs');
      body.replaceChildren(...runs.map(row));
      if (!runs.length) {
        body.append(el('tr', {}, el('td', { colspan: 10, class: 'muted', text: 'No runs yet. Submit one.' })));
      }
      document.getElementById('runs-error').textContent = '';
    } catch (e) {
      document.getElementById('runs-error').textContent = `Cannot list runs: ${e.message}`;
    }
  }

  compare.addEventListener('click', () => {
    location.href = `compare.html?ids=${[...selected].map(encodeURIComponent).join(',')}`;
  });
  update();
  refresh();
  setInterval(refresh, 5000);
})();
