import { el } from '../../assets/dom.js';
import { drawChart } from './charts.js';
import { formatCivilDate, formatDecimal, formatSigned, formatSignedShare } from './numbers.js';

/**
 * One figure's section: heading, CSV button, chart (an image whose name is the figure said in a
 * sentence) and the same figures as a table with its caption. `render` redraws it from an answer.
 */
export function mountFigure(figure, { t, container, onExport }) {
  const headingId = `figure-${figure.table}-heading`;
  const heading = el('h2', { attrs: { id: headingId } });
  const exportButton = el('button', { className: 'button small', attrs: { type: 'button', 'data-export': figure.table } });
  exportButton.addEventListener('click', () => onExport(figure.table, exportButton));
  const canvas = el('canvas', { attrs: { role: 'img' } });
  const caption = el('caption', { className: 'visually-hidden' });
  const thead = el('thead');
  const tbody = el('tbody');
  const tableWrap = el('div', { className: `table-wrap${figure.tall ? ' tall' : ''}`, attrs: { role: 'region', tabindex: '0' } }, [
    el('table', { attrs: { 'data-table': figure.table } }, [caption, thead, tbody]),
  ]);
  const empty = el('p', { className: 'empty', attrs: { hidden: '' } });
  const stability = figure.stability ? el('dl', { className: 'facts stability' }) : null;
  const partial = el('p', { className: 'hint', attrs: { 'data-partial-month': '', hidden: '' } });
  const section = el('section', { className: 'card figure', attrs: { 'aria-labelledby': headingId, 'data-figure': figure.table } }, [
    el('div', { className: 'figure-head' }, [heading, exportButton]),
    el('div', { className: `figure-body${figure.wide ? ' stacked' : ''}` }, [
      el('div', { className: 'chart-box' }, [canvas]),
      el('div', { className: 'figure-table' }, [...(stability ? [stability, partial] : []), tableWrap, empty]),
    ]),
  ]);
  container.append(section);
  let chart = null;

  function renderStability(answer) {
    const s = answer.complaintStability ?? {};
    // a signed figure keeps its sign before it in Arabic too
    const signed = (x, format = formatSigned) => el('bdi', { text: format(x), attrs: { dir: 'ltr' } });
    const value = (x, nodes) => (typeof x === 'number' ? nodes(x) : [t('tooFew')]);
    const rows = answer.tables[figure.table] ?? [];
    const last = [...rows].reverse().find((r) => typeof r.changeFromPrevious === 'number');
    const [beforeTrend, afterTrend = ''] = t('trendPerMonth', { value: '{value}' }).split('{value}');
    const facts = [
      ['stabilityMean', value(s.mean, (x) => [formatDecimal(x)])],
      ['stabilityCv', value(s.coefficientOfVariation, (x) => [formatDecimal(x, 2)])],
      ['stabilityTrend', value(s.trendPerMonth, (x) => [beforeTrend, signed(x), afterTrend])],
      ['lastChange', last ? [signed(last.changeFromPrevious, formatSignedShare)] : [t('tooFew')]],
    ];
    // The last month may still be running: its count (and its change) is not that of a whole month yet.
    const to = answer.filters.to;
    const lastDay = new Date(Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)), 0)).getUTCDate();
    partial.textContent = Number(to.slice(8, 10)) < lastDay ? t('partialMonth', { date: formatCivilDate(to) }) : '';
    partial.hidden = partial.textContent === '';
    stability.replaceChildren(
      ...facts.map(([key, nodes]) => el('div', { attrs: { 'data-fact': key } }, [el('dt', { text: t(key) }), el('dd', {}, nodes.filter((n) => n !== ''))])),
    );
  }

  return {
    /** ctx: { t, minSample, answer, weekText, serviceNames } */
    render(answer, ctx) {
      const rows = answer.tables[figure.table] ?? [];
      const title = t(figure.heading);
      heading.textContent = title;
      exportButton.textContent = t('exportCsv');
      exportButton.setAttribute('aria-label', t('exportCsvOf', { table: title }));
      caption.textContent = title;
      tableWrap.setAttribute('aria-label', t('scrollTable', { table: title }));
      thead.replaceChildren(el('tr', {}, figure.columns.map((c) => el('th', { text: t(c.header), attrs: { scope: 'col' } }))));
      tbody.replaceChildren(
        ...rows.map((row) =>
          el(
            'tr',
            {},
            figure.columns.map((c) => {
              const text = c.cell(row, ctx);
              const attrs = c.rowHeader ? { scope: 'row' } : {};
              return el(c.rowHeader ? 'th' : 'td', { attrs }, [c.ltr ? el('bdi', { text, attrs: { dir: 'ltr' } }) : text]);
            }),
          ),
        ),
      );
      empty.textContent = t('noRows');
      empty.hidden = rows.length > 0;
      if (stability) renderStability(answer);
      canvas.setAttribute('aria-label', `${title}. ${figure.summary(rows, ctx)}`);
      chart = drawChart(canvas, figure.chart(rows, ctx), chart);
    },
  };
}
