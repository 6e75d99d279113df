// datasets.html: every ingested dataset with its counts, classes and preview grid.
'use strict';

(async () => {
  const { el, fmt } = Stride;
  const body = document.querySelector('#datasets-table tbody');
  // the training split's images per class, from the manifest: one bar per class
  function histogram(d) {
    const target = Stride.svg('svg', { class: 'histogram', width: 160, height: 60, role: 'img',
      'aria-label': `training images per class of ${d.datasetId}` });
    Stride.getJson(Stride.objectUrl(d.manifestKey)).then((manifest) => {
      const counts = manifest.splits.train.classCounts;
      const max = Math.max(1, ...counts);
      const width = 160 / counts.length;
      counts.forEach((count, k) => {
        const h = Math.max(1, (count / max) * 56);
        const bar = Stride.svg('rect', { class: 'histogram-bar', x: k * width + 1, y: 60 - h,
          width: Math.max(1, width - 2), height: h, fill: Stride.COLORS[k % Stride.COLORS.length] });
        bar.append(Stride.svg('title', {}, `${manifest.classNames[k]}: ${count}`));
        target.append(bar);
      });
    }).catch(() => {});
    return target;
  }

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
        el('td', {}, histogram(d)),
        el('td', { class: 'muted', text: fmt.time(d.ingestedAt) }));
    }));
    if (!datasets.length) body.append(el('tr', {}, el('td', { colspan: 9, class: 'muted', text: 'No datasets ingested yet.' })));
  } catch (e) {
    document.getElementById('datasets-error').textContent = `Cannot list datasets: ${e.message}`;
  }
})();
