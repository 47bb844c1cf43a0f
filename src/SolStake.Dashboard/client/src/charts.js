import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from './dom.js';

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

// Time series with uPlot (canvas, about 50 kB). Each chart is a figure with a caption, an accessible summary, and its
// point count in data-points, which is what the browser tests count.

/**
 * Draws a chart of `xs` against one or more series into a new figure.
 * series: [{ label, values, color, stepped }]; xs are epochs (or any integers, named by xLabel), or times in seconds
 * with x: 'time'.
 */
export function chart({ title, summary, xs, series, x = 'integer', xLabel = 'Epoch', yRange, yLabel, markers }) {
  const plot = h('div', { class: 'plot' });
  const figure = h('figure', { class: 'chart', dataset: { points: xs.length }, 'aria-label': `${title}: ${summary}` },
    h('figcaption', null, title),
    xs.length === 0 ? h('p', { class: 'muted' }, 'No data stored yet.') : plot,
    h('p', { class: 'sr-only' }, summary));
  if (xs.length === 0) return figure;

  const options = {
    height: 220,
    width: 600,
    scales: { x: { time: x === 'time' }, y: yRange ? { range: yRange } : {} },
    axes: [
      { label: x === 'time' ? undefined : xLabel, values: x === 'time' ? undefined : (_, ticks) => ticks.map((t) => (Number.isInteger(t) ? t : '')) },
      { label: yLabel, size: 64, values: (_, ticks) => ticks.map((t) => compact.format(t)) },
    ],
    series: [
      { label: x === 'time' ? 'Time' : xLabel },
      ...series.map((s) => ({
        label: s.label,
        stroke: s.color ?? '#3b6fd8',
        width: 2,
        points: { show: xs.length < 40 },
        paths: s.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined,
      })),
    ],
    hooks: markers ? { draw: [(u) => drawMarkers(u, markers)] } : {},
  };
  const data = [xs, ...series.map((s) => s.values)];
  // Drawn once the figure is in the page, at its width, and again when the width changes (a phone turned).
  requestAnimationFrame(() => {
    if (!plot.isConnected) return;
    const u = new uPlot({ ...options, width: plot.clientWidth || 600 }, data, plot);
    new ResizeObserver(() => u.setSize({ width: plot.clientWidth || 600, height: 220 })).observe(plot);
  });
  return figure;
}

/** Horizontal reference lines: [{ y, label, color }]. */
function drawMarkers(u, markers) {
  const { ctx } = u;
  ctx.save();
  for (const m of markers) {
    const y = Math.round(u.valToPos(m.y, 'y', true));
    ctx.strokeStyle = m.color ?? '#c0392b';
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.beginPath();
    ctx.moveTo(u.bbox.left, y);
    ctx.lineTo(u.bbox.left + u.bbox.width, y);
    ctx.stroke();
    ctx.fillStyle = m.color ?? '#c0392b';
    ctx.font = `${12 * devicePixelRatio}px sans-serif`;
    // uPlot leaves the alignment of its last axis label set.
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.fillText(m.label, u.bbox.left + u.bbox.width - 6 * devicePixelRatio, y - 4 * devicePixelRatio);
  }
  ctx.restore();
}

/** Bars as HTML, not canvas: each is a labelled meter a screen reader reads and a test can count. */
export function bars(items, { className = 'bars', label }) {
  return h('ul', { class: className, 'aria-label': label },
    items.map((item) => {
      const fill = h('div', { class: `bar-fill ${item.tone ?? ''}` });
      // Through the CSSOM: the style-src policy allows it, unlike a style attribute.
      fill.style.width = `${item.max > 0 ? Math.max(0, Math.min(1, item.value / item.max)) * 100 : 0}%`;
      return h('li', { class: 'bar-item' },
        h('div', { class: 'bar-head' }, h('span', { class: 'bar-label' }, item.label), h('span', { class: 'bar-value' }, item.valueText)),
        h('div', { class: 'bar-track', role: 'meter', 'aria-label': item.label, 'aria-valuemin': 0, 'aria-valuemax': item.max, 'aria-valuenow': item.value, 'aria-valuetext': item.valueText }, fill),
        item.note ? h('p', { class: 'bar-note' }, item.note) : null);
    }));
}
