// datasets.html: the ingest form; the request goes through the console to the ingestion service.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  $('ingest-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const request = {};
    if ($('ingest-id').value.trim()) request.datasetId = $('ingest-id').value.trim();
    const synthetic = Number($('ingest-synthetic').value);
    if ($('ingest-url').value.trim()) {
      request.source = { url: $('ingest-url').value.trim() };
    } else if (synthetic > 0) {
      const held = Math.max(1, Math.round(synthetic / 5));
      request.source = { synthetic: { train: synthetic, validation: held, test: held } };
    }
    const { status, body } = await Stride.postJson('/api/v1/datasets', request);
    $('ingest-result').textContent = status === 202
      ? `accepted: ${body.datasetId}; it appears here once ingested (reload)`
      : (body && body.error) || `HTTP ${status}`;
  });
})();
