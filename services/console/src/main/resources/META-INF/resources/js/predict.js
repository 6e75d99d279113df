// predict.html: a picture to the served model (through the console), its top classes back.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const { el } = Stride;

  $('predict-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = $('predict-file').files[0];
    const result = $('predict-result');
    result.replaceChildren();
    if (!file) {
      result.append(el('span', { class: 'error', text: 'choose a picture first' }));
      return;
    }
    $('predict-preview').src = URL.createObjectURL(file);
    $('predict-preview').hidden = false;
    const response = await Stride.send('/api/v1/predict?top=5', {
      method: 'POST',
      headers: { 'Content-Type': file.type || 'application/octet-stream' },
      body: file,
    });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const error = Stride.refusal(response.status, body) || (body && body.error) || `HTTP ${response.status}`;
      result.append(el('span', { class: 'error', text: error }));
      return;
    }
    const prediction = body.predictions[0];
    result.append(el('p', { text: `model ${body.model}, version ${body.runId}` }));
    const rows = prediction.top.map((c) =>
      el('tr', {}, el('td', { text: c.label }), el('td', { class: 'num', text: `${(100 * c.probability).toFixed(1)}%` })));
    result.append(el('table', { id: 'predict-top' }, el('tbody', {}, ...rows)));
  });
})();
