// submit.html: a run request from a form, POSTed to /api/v1/runs; a refused field is marked.
'use strict';

(() => {
  const { el } = Stride;
  const $ = (id) => document.getElementById(id);
  const form = $('submit-form');

  Stride.getJson('/api/v1/datasets').then((datasets) => {
    $('dataset-options').replaceChildren(...datasets.map((d) => el('option', { value: d.datasetId })));
    if (!$('datasetId').value && datasets.length) $('datasetId').value = datasets[0].datasetId;
  }).catch(() => {});

  const text = (id) => $(id).value.trim() || undefined;
  const number = (id) => ($(id).value.trim() === '' ? undefined : Number($(id).value));

  function request() {
    const schedule = $('schedule').value;
    const hyperparameters = {
      epochs: number('epochs'), batchSize: number('batchSize'), learningRate: number('learningRate'),
      seed: number('seed'), maxBatches: number('maxBatches'), normalization: $('normalization').value,
      augmentation: { randomCrop: $('randomCrop').checked, horizontalFlip: $('horizontalFlip').checked },
      schedule: schedule === 'constant' ? undefined : { type: schedule, stepEpochs: number('stepEpochs') },
      earlyStopping: number('patience') === undefined ? undefined : { patience: number('patience') },
      devices: number('devices'),
    };
    return {
      runId: text('runId'), datasetId: text('datasetId'), architecture: $('architecture').value,
      modelName: text('modelName'), hyperparameters,
    };
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    form.querySelectorAll('.invalid').forEach((i) => i.classList.remove('invalid'));
    $('submit-result').replaceChildren();
    const { status, body } = await Stride.postJson('/api/v1/runs', request());
    if (status === 202) {
      $('submit-result').append('Accepted: ',
        el('a', { id: 'submitted-run', href: `run.html?id=${encodeURIComponent(body.runId)}`, text: body.runId }));
      return;
    }
    $('submit-result').append(el('span', { class: 'error', text: (body && body.error) || `HTTP ${status}` }));
    // "hyperparameters.batchSize" -> #batchSize, "datasetId" -> #datasetId
    const name = body && body.field && body.field.split('.').pop();
    const input = name && $(name === 'type' ? 'schedule' : name);
    if (input) { input.classList.add('invalid'); input.focus(); }
  });
})();
