import { caseTypeLabel, clockLabel, outcomeLabel } from '../../assets/case-types.js';
import { pick } from '../../assets/i18n.js';
import { formatCount, formatDecimal, formatPeriod, formatShare, formatSigned, formatSignedShare } from './numbers.js';

/*
 * Every table of the statistics contract, as the dashboard shows it: its columns (the table beside
 * the chart), its chart (Chart.js type, labels, datasets) and the sentence a screen reader reads
 * in place of the chart. A figure the API suppressed (null below the minimum sample) reads
 * "too few cases", never 0.
 */

/** Cell texts: `ctx` carries the translator `t` and the answer's `minSample`. */
const count = (key) => (row) => formatCount(row[key] ?? 0);
const orTooFew = (format) => (key) => (row, ctx) => (row[key] === null || row[key] === undefined ? ctx.t('tooFew') : format(row[key]));
const share = orTooFew(formatShare);
const days = orTooFew((x) => formatDecimal(x));

/** withinTarget* are null both below the sample and when the service sets no internal target: said apart. */
const targetCell = (key, format) => (row, ctx) => {
  if (row[key] !== null && row[key] !== undefined) return format(row[key]);
  return row.finished < ctx.minSample ? ctx.t('tooFew') : ctx.t('noTarget');
};

const percentOrNull = (x) => (x === null || x === undefined ? null : Math.round(x * 1000) / 10);
const list = (items, ctx) => items.join(ctx.t('listSeparator'));

export function ageBandLabel(band, t) {
  return band.endsWith('+') ? t('ageBandOver', { from: band.slice(0, -1) }) : t('ageBand', { band: band.replace('-', '–') });
}

/** A service in the page's language, from the catalogue the filters were filled from; the stored name otherwise. */
function serviceName(row, ctx) {
  return pick(ctx.serviceNames.get(row.serviceId)) || row.serviceName || row.serviceCode;
}

export const FIGURES = [
  {
    table: 'volume',
    heading: 'volumeHeading',
    tall: true,
    columns: [
      { header: 'colPeriod', cell: (row, ctx) => formatPeriod(row.period, ctx.weekText), rowHeader: true },
      { header: 'colSubmitted', cell: count('submitted') },
      { header: 'colFinished', cell: count('finished') },
    ],
    chart: (rows, ctx) => ({
      type: rows.length > 40 ? 'line' : 'bar',
      labels: rows.map((r) => formatPeriod(r.period, ctx.weekText)),
      datasets: [
        { label: ctx.t('colSubmitted'), data: rows.map((r) => r.submitted) },
        { label: ctx.t('colFinished'), data: rows.map((r) => r.finished) },
      ],
    }),
    summary: (rows, ctx) => {
      if (rows.length === 0) return ctx.t('summaryEmpty');
      const peak = rows.reduce((best, r) => (r.submitted > best.submitted ? r : best), rows[0]);
      return ctx.t('summaryVolume', {
        periods: formatCount(rows.length),
        submitted: formatCount(rows.reduce((s, r) => s + r.submitted, 0)),
        finished: formatCount(rows.reduce((s, r) => s + r.finished, 0)),
        peak: formatPeriod(peak.period, ctx.weekText),
        peakCount: formatCount(peak.submitted),
      });
    },
  },
  {
    table: 'compliance',
    wide: true,
    heading: 'complianceHeading',
    columns: [
      { header: 'colCaseType', cell: (row) => caseTypeLabel(row.caseType), rowHeader: true },
      { header: 'colClock', cell: (row) => clockLabel(row.clock, row.caseType) },
      { header: 'colFinished', cell: count('finished') },
      { header: 'colWithinLegal', cell: orTooFew(formatCount)('withinLegal') },
      { header: 'colWithinLegalShare', cell: share('withinLegalShare') },
      { header: 'colWithinTarget', cell: targetCell('withinTarget', formatCount) },
      { header: 'colWithinTargetShare', cell: targetCell('withinTargetShare', formatShare) },
    ],
    chart: (rows, ctx) => ({
      type: 'bar',
      percent: true,
      labels: rows.map((r) => `${caseTypeLabel(r.caseType)} — ${clockLabel(r.clock, r.caseType)}`),
      datasets: [
        { label: ctx.t('colWithinLegalShare'), data: rows.map((r) => percentOrNull(r.withinLegalShare)) },
        { label: ctx.t('colWithinTargetShare'), data: rows.map((r) => percentOrNull(r.withinTargetShare)) },
      ],
    }),
    summary: (rows, ctx) =>
      rows.length === 0
        ? ctx.t('summaryEmpty')
        : ctx.t('summaryCompliance', {
            items: list(rows.map((r) => `${caseTypeLabel(r.caseType)}, ${clockLabel(r.clock, r.caseType)}${ctx.t('colon')}${share('withinLegalShare')(r, ctx)}`), ctx),
          }),
  },
  {
    table: 'processing_times',
    wide: true,
    heading: 'processingHeading',
    columns: [
      { header: 'colCaseType', cell: (row) => caseTypeLabel(row.caseType), rowHeader: true },
      { header: 'colFinished', cell: count('finished') },
      { header: 'colP50Working', cell: days('p50WorkingDays') },
      { header: 'colP90Working', cell: days('p90WorkingDays') },
      { header: 'colP95Working', cell: days('p95WorkingDays') },
      { header: 'colP50Calendar', cell: days('p50CalendarDays') },
      { header: 'colP90Calendar', cell: days('p90CalendarDays') },
      { header: 'colP95Calendar', cell: days('p95CalendarDays') },
    ],
    chart: (rows, ctx) => ({
      type: 'bar',
      labels: rows.map((r) => caseTypeLabel(r.caseType)),
      datasets: [
        { label: ctx.t('colP50Working'), data: rows.map((r) => r.p50WorkingDays) },
        { label: ctx.t('colP90Working'), data: rows.map((r) => r.p90WorkingDays) },
        { label: ctx.t('colP95Working'), data: rows.map((r) => r.p95WorkingDays) },
      ],
    }),
    summary: (rows, ctx) =>
      rows.length === 0
        ? ctx.t('summaryEmpty')
        : ctx.t('summaryProcessing', {
            items: list(rows.map((r) => `${caseTypeLabel(r.caseType)}${ctx.t('colon')}${days('p50WorkingDays')(r, ctx)} / ${days('p90WorkingDays')(r, ctx)}`), ctx),
          }),
  },
  {
    table: 'backlog',
    heading: 'backlogHeading',
    columns: [
      { header: 'colAgeBand', cell: (row, ctx) => ageBandLabel(row.ageBand, ctx.t), rowHeader: true },
      { header: 'colOpen', cell: count('open') },
      { header: 'colAtRisk', cell: count('atRisk') },
      { header: 'colBreached', cell: count('breached') },
    ],
    chart: (rows, ctx) => ({
      type: 'bar',
      labels: rows.map((r) => ageBandLabel(r.ageBand, ctx.t)),
      datasets: [
        { label: ctx.t('colOpen'), data: rows.map((r) => r.open) },
        { label: ctx.t('colAtRisk'), data: rows.map((r) => r.atRisk), tone: 'warning' },
        { label: ctx.t('colBreached'), data: rows.map((r) => r.breached), tone: 'breached' },
      ],
    }),
    summary: (rows, ctx) => {
      const sum = (key) => formatCount(rows.reduce((s, r) => s + (r[key] ?? 0), 0));
      return ctx.t('summaryBacklog', {
        open: sum('open'),
        atRisk: sum('atRisk'),
        breached: sum('breached'),
        items: list(rows.map((r) => `${ageBandLabel(r.ageBand, ctx.t)}${ctx.t('colon')}${formatCount(r.open)}`), ctx),
      });
    },
  },
  {
    table: 'breaches',
    heading: 'breachesHeading',
    columns: [
      { header: 'colService', cell: (row, ctx) => serviceName(row, ctx), rowHeader: true },
      { header: 'colClock', cell: (row) => clockLabel(row.clock) },
      { header: 'colCount', cell: count('count') },
    ],
    chart: (rows, ctx) => {
      // one bar per service, stacked by the clock missed
      const services = [...new Map(rows.map((r) => [r.serviceId, serviceName(r, ctx)])).entries()];
      const clocks = [...new Set(rows.map((r) => r.clock))];
      return {
        type: 'bar',
        horizontal: true,
        stacked: true,
        labels: services.map(([, name]) => name),
        datasets: clocks.map((clock) => ({
          label: clockLabel(clock),
          data: services.map(([id]) => rows.filter((r) => r.serviceId === id && r.clock === clock).reduce((s, r) => s + r.count, 0)),
        })),
      };
    },
    summary: (rows, ctx) =>
      rows.length === 0
        ? ctx.t('summaryEmpty')
        : ctx.t('summaryBreaches', {
            total: formatCount(rows.reduce((s, r) => s + r.count, 0)),
            items: list(rows.map((r) => `${serviceName(r, ctx)}, ${clockLabel(r.clock)}${ctx.t('colon')}${formatCount(r.count)}`), ctx),
          }),
  },
  {
    table: 'escalations',
    heading: 'escalationsHeading',
    columns: [
      { header: 'colLevel', cell: (row, ctx) => ctx.t('escalationLevel', { level: formatCount(row.level) }), rowHeader: true },
      { header: 'colCount', cell: count('count') },
    ],
    chart: (rows, ctx) => ({
      type: 'bar',
      labels: rows.map((r) => ctx.t('escalationLevel', { level: formatCount(r.level) })),
      datasets: [{ label: ctx.t('colCount'), data: rows.map((r) => r.count) }],
    }),
    summary: (rows, ctx) =>
      rows.length === 0
        ? ctx.t('summaryEmpty')
        : ctx.t('summaryCounts', { items: list(rows.map((r) => `${ctx.t('escalationLevel', { level: formatCount(r.level) })}${ctx.t('colon')}${formatCount(r.count)}`), ctx) }),
  },
  {
    table: 'extensions',
    heading: 'extensionsHeading',
    columns: [
      { header: 'colCaseType', cell: (row) => caseTypeLabel(row.caseType), rowHeader: true },
      { header: 'colGranted', cell: count('granted') },
    ],
    chart: (rows, ctx) => ({
      type: 'bar',
      labels: rows.map((r) => caseTypeLabel(r.caseType)),
      datasets: [{ label: ctx.t('colGranted'), data: rows.map((r) => r.granted) }],
    }),
    summary: (rows, ctx) =>
      rows.length === 0 ? ctx.t('summaryEmpty') : ctx.t('summaryCounts', { items: list(rows.map((r) => `${caseTypeLabel(r.caseType)}${ctx.t('colon')}${formatCount(r.granted)}`), ctx) }),
  },
  {
    table: 'outcomes',
    heading: 'outcomesHeading',
    columns: [
      { header: 'colOutcome', cell: (row) => outcomeLabel(row.outcome), rowHeader: true },
      { header: 'colCount', cell: count('count') },
    ],
    chart: (rows, ctx) => ({
      type: 'doughnut',
      labels: rows.map((r) => outcomeLabel(r.outcome)),
      datasets: [{ label: ctx.t('colCount'), data: rows.map((r) => r.count) }],
    }),
    summary: (rows, ctx) =>
      rows.length === 0 ? ctx.t('summaryEmpty') : ctx.t('summaryCounts', { items: list(rows.map((r) => `${outcomeLabel(r.outcome)}${ctx.t('colon')}${formatCount(r.count)}`), ctx) }),
  },
  {
    table: 'appointments',
    wide: true,
    heading: 'appointmentsHeading',
    columns: [
      { header: 'colBooked', cell: count('booked') },
      { header: 'colAttended', cell: count('attended') },
      { header: 'colNoShow', cell: count('noShow') },
      { header: 'colCancelled', cell: count('cancelled') },
      { header: 'colNoShowRate', cell: share('noShowRate') },
      { header: 'colMedianWait', cell: days('medianWaitDays') },
    ],
    chart: (rows, ctx) => {
      const row = rows[0] ?? { booked: 0, attended: 0, noShow: 0, cancelled: 0 };
      return {
        type: 'bar',
        single: true,
        labels: [ctx.t('colBooked'), ctx.t('colAttended'), ctx.t('colNoShow'), ctx.t('colCancelled')],
        datasets: [{ label: ctx.t('appointmentsHeading'), data: [row.booked, row.attended, row.noShow, row.cancelled] }],
      };
    },
    summary: (rows, ctx) => {
      const row = rows[0];
      if (!row) return ctx.t('summaryEmpty');
      return ctx.t('summaryAppointments', {
        booked: formatCount(row.booked),
        attended: formatCount(row.attended),
        noShow: formatCount(row.noShow),
        cancelled: formatCount(row.cancelled),
        rate: share('noShowRate')(row, ctx),
      });
    },
  },
  {
    table: 'handlers',
    wide: true,
    heading: 'handlersHeading',
    columns: [
      { header: 'colHandler', cell: (row) => row.username, rowHeader: true, ltr: true },
      { header: 'colOpen', cell: count('open') },
      { header: 'colFinished', cell: count('finished') },
      { header: 'colMedianWorking', cell: days('medianWorkingDays') },
      { header: 'colBreaches', cell: count('breaches') },
    ],
    chart: (rows, ctx) => ({
      type: 'bar',
      horizontal: true,
      labels: rows.map((r) => r.username),
      datasets: [
        { label: ctx.t('colFinished'), data: rows.map((r) => r.finished) },
        { label: ctx.t('colOpen'), data: rows.map((r) => r.open) },
        { label: ctx.t('colBreaches'), data: rows.map((r) => r.breaches), tone: 'breached' },
      ],
    }),
    summary: (rows, ctx) =>
      rows.length === 0 ? ctx.t('summaryEmpty') : ctx.t('summaryHandlers', { items: list(rows.map((r) => `${r.username}${ctx.t('colon')}${formatCount(r.finished)}`), ctx) }),
  },
  {
    table: 'complaints_monthly',
    heading: 'complaintsHeading',
    stability: true,
    columns: [
      { header: 'colMonth', cell: (row, ctx) => formatPeriod(row.month, ctx.weekText), rowHeader: true },
      { header: 'colSubmitted', cell: count('submitted') },
      // relative to the month before, which must itself rest on the minimum sample
      { header: 'colChange', ltr: true, cell: (row, ctx) => (typeof row.changeFromPrevious === 'number' ? formatSignedShare(row.changeFromPrevious) : ctx.t('tooFew')) },
    ],
    chart: (rows, ctx) => {
      const stability = ctx.answer.complaintStability ?? {};
      const datasets = [{ label: ctx.t('colSubmitted'), data: rows.map((r) => r.submitted) }];
      // The least-squares line passes through the mean at the middle month.
      if (typeof stability.mean === 'number' && typeof stability.trendPerMonth === 'number') {
        const middle = (rows.length - 1) / 2;
        datasets.push({ label: ctx.t('trendLine'), data: rows.map((_, i) => Math.round((stability.mean + stability.trendPerMonth * (i - middle)) * 10) / 10), dashed: true });
      }
      return { type: 'line', labels: rows.map((r) => formatPeriod(r.month, ctx.weekText)), datasets };
    },
    summary: (rows, ctx) => {
      const stability = ctx.answer.complaintStability ?? {};
      const orTooFew = (x, format) => (typeof x === 'number' ? format(x) : ctx.t('tooFew'));
      return ctx.t('summaryComplaints', {
        items: list(rows.map((r) => `${formatPeriod(r.month, ctx.weekText)}${ctx.t('colon')}${formatCount(r.submitted)}`), ctx),
        mean: orTooFew(stability.mean, (x) => formatDecimal(x)),
        cv: orTooFew(stability.coefficientOfVariation, (x) => formatDecimal(x, 2)),
        trend: orTooFew(stability.trendPerMonth, (x) => formatSigned(x)),
      });
    },
  },
];
