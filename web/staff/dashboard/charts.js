/* global Chart, matchMedia */
import { language } from '../../assets/i18n.js';
import { formatDecimal, formatShare, locale } from './numbers.js';

// Colours that keep apart on white; amber and red come last, as they mean "close to" and "past the deadline" elsewhere.
const PALETTE = ['#006233', '#1f5fa8', '#6b3fa0', '#0f7f86', '#a14a00', '#4a5560', '#b07800', '#b3141c'];

/** The live counters' colours: a series of cases close to or past their deadline reads the same in every chart. */
const TONES = { warning: '#b07800', breached: '#b3141c' };

const reducedMotion = () => matchMedia('(prefers-reduced-motion: reduce)').matches;

/**
 * Draws `spec` (from a figure: type, labels, datasets, and whether it is horizontal, stacked, in
 * percent) on `canvas`, replacing what was drawn before. In Arabic the legend and tooltips are
 * right to left and the category axis runs from the right, as the text does.
 */
export function drawChart(canvas, spec, previous) {
  previous?.destroy();
  const rtl = language() === 'ar';
  const round = spec.type === 'doughnut';
  const colours = (i) => PALETTE[i % PALETTE.length];
  const seriesColour = (i) => TONES[spec.datasets[i].tone] ?? colours(i);
  const datasets = spec.datasets.map((d, i) => ({
    label: d.label,
    data: d.data,
    backgroundColor: round ? d.data.map((_, j) => colours(j)) : spec.single ? spec.labels.map((_, j) => colours(j)) : seriesColour(i),
    borderColor: round ? '#ffffff' : spec.single ? spec.labels.map((_, j) => colours(j)) : seriesColour(i),
    borderWidth: spec.type === 'line' ? 2 : 1,
    borderDash: d.dashed ? [6, 4] : [],
    pointRadius: d.dashed || (spec.type === 'line' && spec.labels.length > 60) ? 0 : 3,
    spanGaps: false,
  }));
  const valueAxis = {
    beginAtZero: true,
    stacked: Boolean(spec.stacked),
    ...(spec.percent ? { max: 100 } : {}),
    ticks: { callback: (value) => (spec.percent ? formatShare(value / 100) : formatDecimal(value)), precision: spec.percent ? 1 : 0 },
    position: spec.horizontal ? 'bottom' : rtl ? 'right' : 'left',
    reverse: Boolean(spec.horizontal && rtl),
  };
  const categoryAxis = {
    stacked: Boolean(spec.stacked),
    reverse: Boolean(!spec.horizontal && rtl),
    position: spec.horizontal ? (rtl ? 'right' : 'left') : 'bottom',
    ticks: { autoSkip: true, maxRotation: 60 },
  };
  return new Chart(canvas, {
    type: spec.type,
    data: { labels: spec.labels, datasets },
    options: {
      locale: locale(),
      responsive: true,
      maintainAspectRatio: false,
      animation: reducedMotion() ? false : { duration: 250 },
      indexAxis: spec.horizontal ? 'y' : 'x',
      scales: round ? {} : spec.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
      plugins: {
        legend: { display: round || datasets.length > 1, rtl, textDirection: rtl ? 'rtl' : 'ltr', position: 'bottom' },
        tooltip: { rtl, textDirection: rtl ? 'rtl' : 'ltr' },
      },
    },
  });
}
