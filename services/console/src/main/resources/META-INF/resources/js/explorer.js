// explorer.html: the notebook's conv-layer explorer. A Conv2D on a 10×10×3 input; the output shape
// follows Keras: valid padding floor((10 - k) / s) + 1, same padding ceil(10 / s).
'use strict';

(() => {
  const INPUT = 10, CHANNELS = 3;
  const $ = (id) => document.getElementById(id);
  const inputs = ['filters', 'kernel', 'stride'].map($);

  function outputSize(k, s, padding) {
    return padding === 'same' ? Math.ceil(INPUT / s) : Math.floor((INPUT - k) / s) + 1;
  }

  function formula(k, s, padding, size) {
    return padding === 'same'
      ? `same: ceil(${INPUT} / ${s}) = ${size}`
      : `valid: floor((${INPUT} - ${k}) / ${s}) + 1 = ${size}`;
  }

  function drawGrids(k, s, padding, size) {
    const target = $('conv-grid');
    const cell = 14, gap = 60, pad = padding === 'same' ? Math.max(0, ((size - 1) * s + k - INPUT)) : 0;
    const before = Math.floor(pad / 2);
    target.replaceChildren();
    const width = (INPUT + pad) * cell + gap + size * cell + 20;
    target.setAttribute('viewBox', `0 0 ${width} ${(INPUT + pad) * cell + 30}`);
    for (let r = 0; r < INPUT + pad; r++) {
      for (let c = 0; c < INPUT + pad; c++) {
        const inside = r >= before && r < before + INPUT && c >= before && c < before + INPUT;
        target.append(Stride.svg('rect', { x: c * cell, y: 20 + r * cell, width: cell - 1, height: cell - 1,
          fill: inside ? '#dbe8fd' : '#f1f3f5' }));
      }
    }
    // the first window, and where it lands in the output
    target.append(Stride.svg('rect', { x: 0, y: 20, width: k * cell - 1, height: k * cell - 1,
      fill: 'none', stroke: '#d9480f', 'stroke-width': 2 }));
    const ox = (INPUT + pad) * cell + gap;
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        target.append(Stride.svg('rect', { x: ox + c * cell, y: 20 + r * cell, width: cell - 1, height: cell - 1,
          fill: r === 0 && c === 0 ? '#d9480f' : '#2f6fde', opacity: r === 0 && c === 0 ? 0.9 : 0.35 }));
      }
    }
    target.append(Stride.svg('text', { x: 0, y: 12 }, `input ${INPUT}×${INPUT}×${CHANNELS}${pad ? ` (+${pad} padding)` : ''}`));
    target.append(Stride.svg('text', { x: ox, y: 12 }, `output ${size}×${size}`));
  }

  function update() {
    const filters = Number($('filters').value), k = Number($('kernel').value), s = Number($('stride').value);
    const padding = document.querySelector('input[name=padding]:checked').value;
    $('filters-value').textContent = filters;
    $('kernel-value').textContent = `${k}×${k}`;
    $('stride-value').textContent = s;
    const size = outputSize(k, s, padding);
    $('conv-output-shape').textContent = `(None, ${size}, ${size}, ${filters})`;
    $('conv-formula').textContent = formula(k, s, padding, size);
    $('conv-params').textContent = `${((k * k * CHANNELS + 1) * filters).toLocaleString('en')} parameters = (${k}·${k}·${CHANNELS} + 1) · ${filters}`;
    drawGrids(k, s, padding, size);
  }

  [...inputs, ...document.querySelectorAll('input[name=padding]')].forEach((i) => i.addEventListener('input', update));
  update();
})();
