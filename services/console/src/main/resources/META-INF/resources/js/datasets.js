// datasets.html: every ingested dataset with its counts, classes and preview grid.
'use strict';

(async () => {
  const { el, fmt } = Stride;
  const body = document.querySelector('#datasets-table tbody');
  try {
    const datasets = await Stride.getJson('/api/v1/datasets');
    body.replaceChildren(...datasets.map((d) => {
      const preview = `datasets/${d.datasetId}/preview/samples.png`;
      const img = el('img', { src: Stride.objectUrl(preview), alt: `samples of ${d.datasetId}`, width: 96, loading: 'lazy' });
      img.addEventListener('error', () => img.remove());
      return el('tr', {},
        el('td', { text: d.datasetId }),
        el('td', { class: 'num', text: fmt.int(d.train) }),
        el('td', { class: 'num', text: fmt.int(d.validation) }),
        el('td', { class: 'num', text: fmt.int(d.test) }),
        el('td', { style: 'white-space: normal', text: d.classNames.join(', ') }),
        el('td', {}, el('a', { href: Stride.objectUrl(d.manifestKey), target: '_blank', text: 'manifest' })),
        el('td', {}, img),
        el('td', { class: 'muted', text: fmt.time(d.ingestedAt) }));
    }));
    if (!datasets.length) body.append(el('tr', {}, el('td', { colspan: 8, class: 'muted', text: 'No datasets ingested yet.' })));
  } catch (e) {
    document.getElementById('datasets-error').textContent = `Cannot list datasets: ${e.message}`;
  }
})();
