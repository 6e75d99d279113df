// run.html?id=: one run, live. The stream sends the run's state, then the run again after every change.
'use strict';

(() => {
  const { el, fmt } = Stride;
  const runId = Stride.param('id');
  const KINDS = ['state', 'requested', 'started', 'progress', 'epoch', 'completed', 'failed', 'cancelled', 'evaluated'];
  const $ = (id) => document.getElementById(id);

  function renderProgress(run) {
    const fraction = Stride.fraction(run);
    $('progress-bar').style.width = `${(100 * fraction).toFixed(1)}%`;
    $('progress-bar').setAttribute('aria-valuenow', (100 * fraction).toFixed(0));
    const p = run.progress;
    const epoch = p && run.status === 'running' ? `epoch ${p.epoch}/${run.epochs ?? '?'}, batch ${p.batch}/${p.batches}` : '';
    $('progress-text').textContent = `${(100 * fraction).toFixed(0)} % ${epoch}`;
    $('eta').textContent = run.status === 'running' && p ? `ETA ${fmt.duration(p.etaSeconds)}` : '';
    $('throughput').textContent = p && run.status === 'running' ? `${fmt.int(Math.round(p.imagesPerSecond))} images/s` : '';
  }

  function renderFacts(run) {
    const hp = run.hyperparameters || {};
    const facts = [
      ['status', Stride.statusBadge(run.status)],
      ['dataset', run.datasetId], ['architecture', run.architecture], ['model name', run.modelName],
      ['device', run.device], ['worker', run.worker], ['parameters', fmt.int(run.parameterCount)],
      ['epochs', run.epochs], ['batch size', hp.batchSize], ['learning rate', hp.learningRate],
      ['schedule', hp.schedule && hp.schedule.type], ['normalization', hp.normalization],
      ['best val accuracy', fmt.pct(run.bestValAccuracy)], ['test accuracy', fmt.pct(run.testAccuracy)],
      ['top-3 accuracy', fmt.pct(run.top3Accuracy)], ['calibration error', fmt.num(run.calibrationError)],
      ['evaluation device', run.evaluationDevice],
      ['requested', fmt.time(run.requestedAt)], ['started', fmt.time(run.startedAt)],
      ['ended', fmt.time(run.endedAt)], ['duration', fmt.duration(Stride.duration(run))],
    ];
    if (run.failureReason) facts.push(['reason', el('span', { class: 'error', text: run.failureReason })]);
    if (run.evaluationFailure) facts.push(['evaluation', el('span', { class: 'error', text: run.evaluationFailure })]);
    $('run-details').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', {}, v ?? '–')]));
  }

  function renderCurves(run) {
    const h = run.history || [];
    Stride.lineChart($('curve-loss'), [
      { name: 'loss', points: h.map((e) => [e.epoch, e.loss]) },
      { name: 'val_loss', points: h.map((e) => [e.epoch, e.valLoss]), dashed: true },
    ], { title: 'Loss' });
    Stride.lineChart($('curve-accuracy'), [
      { name: 'accuracy', points: h.map((e) => [e.epoch, e.accuracy]) },
      { name: 'val_accuracy', points: h.map((e) => [e.epoch, e.valAccuracy]), dashed: true },
    ], { title: 'Accuracy', percent: true, yMin: 0, yMax: 1 });
    $('epochs-table').querySelector('tbody').replaceChildren(...h.map((e) => el('tr', {},
      el('td', { class: 'num', text: e.epoch }), el('td', { class: 'num', text: fmt.num(e.loss) }),
      el('td', { class: 'num', text: fmt.pct(e.accuracy) }), el('td', { class: 'num', text: fmt.num(e.valLoss) }),
      el('td', { class: 'num', text: fmt.pct(e.valAccuracy) }), el('td', { class: 'num', text: fmt.duration(e.seconds) }),
      el('td', { class: 'num', text: fmt.int(Math.round(e.imagesPerSecond)) }))));
  }

  function renderPictures(run) {
    const keys = { ...(run.artifacts || {}), ...(run.pictures || {}) };
    const shown = Object.entries(keys).filter(([, key]) => /\.(png|svg)$/.test(key));
    $('pictures').replaceChildren(...shown.map(([name, key]) => el('figure', {},
      el('a', { href: Stride.objectUrl(key), target: '_blank' }, el('img', { src: Stride.objectUrl(key), alt: name, loading: 'lazy' })),
      el('figcaption', { text: name }))));
    $('pictures-empty').hidden = shown.length > 0;
    if (run.artifacts && run.artifacts.summary) {
      fetch(Stride.objectUrl(run.artifacts.summary))
        .then((r) => (r.ok ? r.text() : Promise.reject(new Error(r.statusText))))
        .then((text) => { $('run-summary').textContent = text; $('run-summary').classList.remove('muted'); })
        .catch(() => {});
    }
  }

  let lastPictures = '';
  function render(run) {
    $('waiting').hidden = true;
    $('run-body').hidden = false;
    document.title = `${run.runId} · Stride`;
    renderProgress(run);
    renderFacts(run);
    renderCurves(run);
    const pictures = JSON.stringify([run.artifacts, run.pictures]);
    if (pictures !== lastPictures) { lastPictures = pictures; renderPictures(run); }
    const ended = ['completed', 'failed', 'cancelled'].includes(run.status);
    $('cancel-button').hidden = ended;
    // a run can be promoted once it is evaluated on the test split
    $('promote-button').hidden = run.status !== 'completed' || run.testAccuracy == null;
  }

  async function promote() {
    const { status, body } = await Stride.postJson(`/api/v1/runs/${encodeURIComponent(runId)}/promote`, {});
    $('run-error').textContent = status === 200
      ? `Promoted: ${body.modelName} now serves run ${body.runId}.`
      : (body && body.error) || `HTTP ${status}`;
  }

  async function cancel() {
    if (!confirm(`Cancel run ${runId}?`)) return;
    const { status, body } = await Stride.postJson(`/api/v1/runs/${encodeURIComponent(runId)}/cancel`, {});
    $('run-error').textContent = status === 202
      ? 'Cancel sent; the trainer stops at the next batch.'
      : (body && body.error) || `HTTP ${status}`;
  }

  if (!runId) {
    $('waiting').textContent = 'No run id: open this page as run.html?id=<run id>.';
    return;
  }
  $('run-id').textContent = runId;
  $('cancel-button').addEventListener('click', cancel);
  $('promote-button').addEventListener('click', promote);
  const stream = new EventSource(`/api/v1/runs/${encodeURIComponent(runId)}/stream`);
  KINDS.forEach((kind) => stream.addEventListener(kind, (e) => render(JSON.parse(e.data))));
  stream.onerror = () => { $('live').textContent = 'reconnecting…'; };
  stream.onopen = () => { $('live').textContent = 'live'; };
})();
