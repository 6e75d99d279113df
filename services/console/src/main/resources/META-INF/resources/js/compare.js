// compare.html?ids=a,b: runs' curves overlaid, their numbers side by side.
'use strict';

(async () => {
  const { el, fmt } = Stride;
  const ids = (Stride.param('ids') || '').split(',').filter(Boolean);
  const $ = (id) => document.getElementById(id);
  if (!ids.length) {
    $('compare-error').textContent = 'No runs: open this page as compare.html?ids=<run>,<run>.';
    return;
  }
  const results = await Promise.allSettled(ids.map((id) => Stride.getJson(`/api/v1/runs/${encodeURIComponent(id)}`)));
  const runs = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
  const missing = ids.filter((id, i) => results[i].status === 'rejected');
  $('compare-error').textContent = missing.length ? `Unknown runs: ${missing.join(', ')}` : '';

  const series = (field) => runs.flatMap((run, i) => [
    { name: `${run.runId} val`, color: Stride.COLORS[i % Stride.COLORS.length],
      points: (run.history || []).map((e) => [e.epoch, e[`val${field}`]]) },
    { name: `${run.runId} train`, color: Stride.COLORS[i % Stride.COLORS.length], dashed: true,
      points: (run.history || []).map((e) => [e.epoch, e[field.toLowerCase()]]) },
  ]);
  Stride.lineChart($('curve-loss'), series('Loss'), { title: 'Loss (solid: validation, dashed: training)' });
  Stride.lineChart($('curve-accuracy'), series('Accuracy'), { title: 'Accuracy', percent: true, yMin: 0, yMax: 1 });

  const rows = [
    ['status', (r) => Stride.statusBadge(r.status)], ['architecture', (r) => r.architecture],
    ['dataset', (r) => r.datasetId], ['device', (r) => r.device], ['parameters', (r) => fmt.int(r.parameterCount)],
    ['epochs', (r) => r.epochs], ['batch size', (r) => r.hyperparameters && r.hyperparameters.batchSize],
    ['learning rate', (r) => r.hyperparameters && r.hyperparameters.learningRate],
    ['best val accuracy', (r) => fmt.pct(r.bestValAccuracy)], ['test accuracy', (r) => fmt.pct(r.testAccuracy)],
    ['top-3 accuracy', (r) => fmt.pct(r.top3Accuracy)], ['calibration error', (r) => fmt.num(r.calibrationError)],
    ['duration', (r) => fmt.duration(Stride.duration(r))],
  ];
  const table = $('compare-table');
  table.querySelector('thead').replaceChildren(el('tr', {}, el('th', {}),
    runs.map((r) => el('th', {}, el('a', { href: `run.html?id=${encodeURIComponent(r.runId)}`, text: r.runId })))));
  table.querySelector('tbody').replaceChildren(...rows.map(([name, value]) =>
    el('tr', {}, el('th', { text: name }), runs.map((r) => el('td', { class: 'num' }, value(r) ?? '–')))));
})();
