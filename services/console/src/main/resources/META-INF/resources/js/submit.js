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
    const edited = specEdited();
    return {
      runId: text('runId'), datasetId: text('datasetId'),
      architecture: edited ? undefined : $('architecture').value,
      architectureSpec: edited ? JSON.parse($('layer-spec').value) : undefined,
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

  // --- the layer spec: the preset's, editable, summarised by the console as it is typed
  const presets = {};
  const specEdited = () => {
    const preset = presets[$('architecture').value];
    if (preset === undefined) return false;
    try { return JSON.stringify(JSON.parse($('layer-spec').value)) !== JSON.stringify(JSON.parse(preset)); }
    catch (e) { return true; }
  };

  let checking = 0;
  async function check() {
    const mine = ++checking;
    let spec;
    try { spec = JSON.parse($('layer-spec').value); }
    catch (e) { show(null, `not JSON: ${e.message}`); return; }
    const { status, body } = await Stride.postJson('/api/v1/architectures/summary', { architectureSpec: spec });
    if (mine !== checking) return; // a later edit has its own answer coming
    if (status === 200) show(body, ''); else show(null, (body && body.error) || `HTTP ${status}`);
  }

  function show(summary, error) {
    $('spec-summary').textContent = summary ? summary.text : '';
    $('param-count').textContent = summary ? summary.totalParams.toLocaleString('en') : '–';
    $('spec-error').textContent = error;
    $('layer-spec').classList.toggle('invalid', !!error);
  }

  function loadPreset() {
    $('layer-spec').value = presets[$('architecture').value] || '';
    check();
  }

  let timer;
  $('layer-spec').addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(check, 250); });
  $('architecture').addEventListener('change', loadPreset);
  Stride.getJson('/api/v1/architectures').then((list) => {
    list.forEach((p) => { presets[p.name] = p.spec; });
    loadPreset();
  }).catch(() => {});

  // --- a sweep: the form is the base, the grid's combinations become runs
  $('sweep-button').addEventListener('click', async () => {
    $('sweep-result').replaceChildren();
    let grid;
    try { grid = JSON.parse($('sweep-grid').value); }
    catch (e) { $('sweep-result').append(el('span', { class: 'error', text: `the grid is not JSON: ${e.message}` })); return; }
    const { status, body } = await Stride.postJson('/api/v1/sweeps', { base: request(), grid });
    if (status !== 202) {
      $('sweep-result').append(el('span', { class: 'error', text: (body && body.error) || `HTTP ${status}` }));
      return;
    }
    $('sweep-result').append(`Accepted ${body.runIds.length} runs: `,
      ...body.runIds.flatMap((id) => [el('a', { href: `run.html?id=${encodeURIComponent(id)}`, text: id }), ' ']));
  });
})();
