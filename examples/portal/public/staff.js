// The staff page ("Pilotage"): the reports of `GET /v1/reports/{name}` for the signed-in moderator,
// technician or functional admin, each as a uPlot chart (canvas) followed by a real table of the
// same figures. Loaded by app.js only when the page is opened, so requesters never download uPlot.
import uPlot from '/vendor/uplot/uPlot.esm.js';

const $ = (id) => document.getElementById(id);

/** French headings of the reports' figures (docs/reports.md). */
const FIGURES = {
  created: 'Créés',
  resolved: 'Résolus',
  closed: 'Clos',
  reopened: 'Rouverts',
  rejected: 'Rejetés',
  escalated: 'Escaladés',
  backlog: 'En cours',
  ageUnder1Day: 'Ouverts depuis moins d’un jour',
  age1To7Days: 'Depuis 1 à 7 jours',
  age7To30Days: 'Depuis 7 à 30 jours',
  ageOver30Days: 'Depuis 30 jours ou plus',
  firstResponseMedianMinutes: 'Première réponse, médiane (minutes ouvrées)',
  firstResponseP90Minutes: 'Première réponse, 90e centile (minutes ouvrées)',
  resolutionMedianMinutes: 'Résolution, médiane (minutes ouvrées)',
  resolutionP90Minutes: 'Résolution, 90e centile (minutes ouvrées)',
  firstResponseCompliancePercent: 'Première réponse dans le délai cible (%)',
  resolutionCompliancePercent: 'Résolution dans le délai cible (%)',
};
const TIMES_RESOLVED = 'Tickets résolus';
/** Two colours with at least 4.5:1 contrast on white, as in styles.css. */
const COLOURS = ['#00305e', '#b35900'];
const INK = '#1b1b1b';
const GRID = '#d0d0d0';
const FONT = '12px system-ui, sans-serif';
const HEIGHT = 240;

const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const shortDay = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const longDay = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const dayDate = (iso) => new Date(`${iso}T00:00:00Z`);

/** A figure as the tables show it: French digits, a dash when there is nothing to measure. */
function formatFigure(value) {
  return value === null || value === undefined ? '—' : number.format(Number(value));
}

/** Today in Paris, the reports' time zone, as an ISO date. */
function parisToday() {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en', {
      timeZone: 'Europe/Paris',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
      .formatToParts(new Date())
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}

function addDays(iso, days) {
  const date = dayDate(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included (at most the API's three years). */
function daysOf(from, to) {
  const days = [];
  for (let day = from; day <= to && days.length < 1100; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * The charts: which report, what its rows are keyed by, the figures drawn (with their legend) and
 * those of the table (`columns`; without it, every figure of the report).
 */
const CHARTS = [
  {
    title: 'Tickets créés et résolus par jour',
    report: 'volumeByDay',
    key: 'day',
    draw: ['created', 'resolved'],
    legend: ['Créés', 'Résolus'],
    bars: true,
    integers: true,
  },
  {
    title: 'Tickets en cours à la fin de chaque jour',
    report: 'backlog',
    key: 'day',
    draw: ['backlog'],
    legend: ['En cours (nouveaux, pris en charge ou en attente)'],
    bars: false,
    integers: true,
  },
  {
    title: 'Volume par service',
    report: 'volumeByService',
    key: 'service',
    draw: ['created', 'resolved'],
    legend: ['Créés', 'Résolus'],
    bars: true,
    integers: true,
  },
  {
    title: 'Délai de première réponse par service',
    note: 'Tickets résolus sur la période ; minutes ouvrées selon le calendrier du service, attente exclue.',
    report: 'times',
    key: 'service',
    draw: ['firstResponseMedianMinutes', 'firstResponseP90Minutes'],
    legend: ['Médiane', '90e centile'],
    columns: ['resolved', 'firstResponseMedianMinutes', 'firstResponseP90Minutes'],
    bars: true,
  },
  {
    title: 'Délai de résolution par service',
    note: 'Tickets résolus sur la période ; minutes ouvrées selon le calendrier du service, attente exclue.',
    report: 'times',
    key: 'service',
    draw: ['resolutionMedianMinutes', 'resolutionP90Minutes'],
    legend: ['Médiane', '90e centile'],
    columns: ['resolved', 'resolutionMedianMinutes', 'resolutionP90Minutes'],
    bars: true,
  },
  {
    title: 'Respect des délais cibles (SLA) par service',
    note: 'Part des tickets résolus sur la période, parmi ceux qui ont un délai cible.',
    empty: 'Aucun délai cible ne s’applique aux tickets résolus sur la période.',
    report: 'times',
    key: 'service',
    draw: ['firstResponseCompliancePercent', 'resolutionCompliancePercent'],
    legend: ['Première réponse', 'Résolution'],
    columns: ['resolved', 'firstResponseCompliancePercent', 'resolutionCompliancePercent'],
    bars: true,
    max: 100,
  },
];

/** The uPlot charts on screen, destroyed before the next drawing. */
let plots = [];
/** Bumped at each showing, so that a slower earlier answer never replaces a later one. */
let round = 0;
const resizer = new ResizeObserver(() => {
  for (const { plot, box } of plots) {
    if (box.clientWidth > 0 && box.clientWidth !== plot.width)
      plot.setSize({ width: box.clientWidth, height: HEIGHT });
  }
});

function clearCharts() {
  for (const { plot } of plots) plot.destroy();
  plots = [];
  resizer.disconnect();
  $('staff-charts').replaceChildren();
}

/** At most one label every 70 px; indices of the labels shown. */
function labelIndices(count, width) {
  const step = Math.max(1, Math.ceil(count / Math.max(1, Math.floor(width / 70))));
  const indices = [];
  for (let i = 0; i < count; i += step) indices.push(i);
  return indices;
}

const truncate = (text, length) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

/**
 * A uPlot chart of categories (days or services) on the x axis: grouped bars (the first series left
 * of its tick, the second right) or a line.
 */
function drawChart(box, chart, labels, values) {
  const count = labels.length;
  const width = box.clientWidth || 600;
  const single = values.length === 1;
  const series = values.map((_, i) => ({
    label: chart.legend[i],
    stroke: COLOURS[i],
    width: chart.bars ? 1 : 2,
    ...(chart.bars
      ? {
          fill: COLOURS[i],
          paths: uPlot.paths.bars({ size: [single ? 0.7 : 0.38, 56], align: single ? 0 : i === 0 ? -1 : 1 }),
          points: { show: false },
        }
      : { points: { show: count <= 45, size: 6, fill: COLOURS[i] } }),
  }));
  const options = {
    width,
    height: HEIGHT,
    cursor: { show: false },
    legend: { show: false },
    scales: {
      x: { time: false, range: () => [-0.5, count - 0.5] },
      y: {
        range: (_u, _min, max) => [0, chart.max ?? (max > 0 ? max * 1.15 : chart.integers ? 5 : 1)],
      },
    },
    axes: [
      {
        stroke: INK,
        font: FONT,
        grid: { show: false },
        ticks: { stroke: GRID },
        splits: (u) => labelIndices(count, u.width),
        values: (_u, splits) => splits.map((i) => truncate(labels[i] ?? '', 16)),
      },
      {
        stroke: INK,
        font: FONT,
        size: 56,
        grid: { stroke: GRID, width: 1 },
        ticks: { stroke: GRID },
        ...(chart.integers
          ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000] }
          : {}),
        values: (_u, splits) => splits.map((v) => number.format(v)),
      },
    ],
    series: [{}, ...series],
  };
  const plot = new uPlot(options, [labels.map((_, i) => i), ...values], box);
  const canvas = plot.root.querySelector('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${chart.title}. ${describe(chart, labels, values)}`);
  plots.push({ plot, box });
  resizer.observe(box);
}

/** What a chart shows, in a sentence, for its `aria-label`; the table that follows has every figure. */
function describe(chart, labels, values) {
  const detail = 'Chiffres détaillés dans le tableau qui suit.';
  if (chart.key === 'day' && chart.bars) {
    const totals = values.map(
      (v, i) => `${formatFigure(v.reduce((sum, x) => sum + (x ?? 0), 0))} ${chart.legend[i].toLowerCase()}`,
    );
    return `Sur la période : ${totals.join(', ')}. ${detail}`;
  }
  if (chart.key === 'day') {
    const v = values[0];
    return `De ${formatFigure(Math.min(...v))} à ${formatFigure(Math.max(...v))}, ${formatFigure(v.at(-1))} le dernier jour. ${detail}`;
  }
  const parts = labels.map(
    (label, j) =>
      `${label} : ${values.map((v, i) => `${chart.legend[i].toLowerCase()} ${formatFigure(v[j])}`).join(', ')}`,
  );
  return `${parts.join(' ; ')}. ${detail}`;
}

function cell(tag, content) {
  const element = document.createElement(tag);
  element.append(content);
  return element;
}

/** The chart's accessible equivalent: a table of its rows, in a disclosure under the chart. */
function figuresTable(chart, caption, keyHeading, rows, columns) {
  const table = document.createElement('table');
  table.append(cell('caption', caption));
  const head = document.createElement('tr');
  head.append(cell('th', keyHeading), ...columns.map((c) => cell('th', c.label)));
  for (const th of head.children) th.scope = 'col';
  table.append(cell('thead', head));
  const body = document.createElement('tbody');
  for (const row of rows) {
    const tr = document.createElement('tr');
    tr.dataset.key = row.key;
    const th = cell('th', row.label);
    th.scope = 'row';
    tr.append(th);
    for (const column of columns) {
      const td = cell('td', formatFigure(row.values[column.name]));
      td.dataset.column = column.name;
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  const details = document.createElement('details');
  details.append(
    cell('summary', `Tableau des chiffres : ${chart.title[0].toLowerCase()}${chart.title.slice(1)}`),
    table,
  );
  return details;
}

function chartSection(chart, index, answers, context) {
  const report = answers[chart.report];
  const section = document.createElement('section');
  section.className = 'chart';
  section.id = `chart-${index}`;
  const heading = cell('h2', chart.title);
  heading.id = `chart-${index}-title`;
  section.setAttribute('aria-labelledby', heading.id);
  section.append(heading);
  if (chart.note) section.append(Object.assign(cell('p', chart.note), { className: 'meta' }));

  const figures = chart.columns ?? report.columns.filter((c) => c !== chart.key);
  const columns = figures.map((name) => ({
    name,
    label: name === 'resolved' && chart.report === 'times' ? TIMES_RESOLVED : (FIGURES[name] ?? name),
  }));
  let rows;
  if (chart.key === 'day') {
    // Days without a row had nothing to count: zero, so that the chart and the table have every day.
    const byDay = new Map(report.rows.map((r) => [r.day, r]));
    rows = daysOf(context.from, context.to).map((day) => ({
      key: day,
      label: cell('time', longDay.format(dayDate(day))),
      short: shortDay.format(dayDate(day)),
      values: Object.fromEntries(figures.map((f) => [f, byDay.get(day)?.[f] ?? 0])),
    }));
    for (const row of rows) row.label.dateTime = row.key;
  } else {
    rows = report.rows.map((r) => {
      const code = r[chart.key];
      const name = code === null ? 'Sans service' : (context.services.get(code) ?? code);
      return { key: code ?? '', label: name, short: name, values: r };
    });
  }
  const values = chart.draw.map((f) => rows.map((r) => r.values[f] ?? null));
  if (rows.length === 0 || values.every((v) => v.every((x) => x === null))) {
    section.append(cell('p', rows.length === 0 ? 'Aucun ticket sur la période.' : chart.empty));
    if (rows.length > 0) section.append(figuresTable(chart, chart.title, 'Service', rows, columns));
    return { section, draw: () => {} };
  }
  const legend = document.createElement('ul');
  legend.className = 'legend';
  legend.setAttribute('aria-hidden', 'true');
  chart.legend.forEach((label, i) => {
    const swatch = document.createElement('span');
    swatch.className = `swatch swatch-${i}`;
    legend.append(cell('li', swatch));
    legend.lastChild.append(label);
  });
  const box = document.createElement('div');
  box.className = 'plot';
  const caption = `${chart.title}, ${context.period}${context.serviceName ? `, ${context.serviceName}` : ''}`;
  section.append(
    legend,
    box,
    figuresTable(chart, caption, chart.key === 'day' ? 'Jour' : 'Service', rows, columns),
  );
  return {
    section,
    draw: () =>
      drawChart(
        box,
        chart,
        rows.map((r) => r.short),
        values,
      ),
  };
}

/** The period and service of the address (`#/pilotage?from=…&to=…&service=…`); the last 30 days by default. */
function staffFilters(params) {
  const today = parisToday();
  return {
    from: params.get('from') || addDays(today, -29),
    to: params.get('to') || today,
    service: params.get('service') || '',
  };
}

function showContent() {
  $('staff-refused').hidden = true;
  $('staff-content').hidden = false;
}

function fail(message) {
  $('staff-error').textContent = message;
  $('staff-error').hidden = false;
  $('staff-status').textContent = '';
}

/**
 * Shows the staff page: the form as the address says, then the four reports it draws. A requester
 * gets the API's refusal (403 `reports_staff_only`) in words instead of the charts.
 *
 * @param {object} options
 * @param {(path: string) => Promise<object>} options.api the portal's API call (errors carry `status`)
 * @param {URLSearchParams} options.params the address's query
 * @param {{code: string, name: string}[]} options.services the services offered in the filter
 * @param {Map<string, string>} options.names service names by code
 */
export async function showStaff({ api, params, services, names }) {
  const { from, to, service } = staffFilters(params);
  $('staff-from').value = from;
  $('staff-to').value = to;
  const select = $('staff-service');
  select.replaceChildren(
    new Option('Tous mes services', ''),
    ...services.map((s) => new Option(s.name, s.code)),
  );
  select.value = service;
  $('staff-error').hidden = true;
  const query = (by) => {
    const q = new URLSearchParams({ from, to });
    if (by) q.set('by', by);
    if (service) q.set('service', service);
    return q;
  };
  const mine = ++round;
  if (from > to) {
    clearCharts();
    showContent();
    fail('La date de fin (« Au ») précède la date de début (« Du ») : corrigez la période.');
    return;
  }
  let answers;
  try {
    const [volumeByDay, backlog, volumeByService, times] = await Promise.all([
      api(`/v1/reports/volume?${query('day')}`),
      api(`/v1/reports/backlog?${query()}`),
      api(`/v1/reports/volume?${query('service')}`),
      api(`/v1/reports/times?${query('service')}`),
    ]);
    answers = { volumeByDay, backlog, volumeByService, times };
  } catch (error) {
    if (mine !== round) return;
    clearCharts();
    if (error.status === 403) {
      $('staff-content').hidden = true;
      $('staff-refused').textContent = `Cette page est réservée à l’équipe du guichet. ${error.message}.`;
      $('staff-refused').hidden = false;
      return;
    }
    showContent();
    fail(error.message);
    return;
  }
  if (mine !== round) return;
  showContent();
  clearCharts();
  const period = `du ${longDay.format(dayDate(from))} au ${longDay.format(dayDate(to))}`;
  const context = { from, to, period, services: names, serviceName: service ? names.get(service) : null };
  const parts = CHARTS.map((chart, i) => chartSection(chart, i, answers, context));
  $('staff-charts').replaceChildren(...parts.map((p) => p.section));
  // Drawn once in the page, so that each chart takes the width of its column.
  for (const part of parts) part.draw();
  $('staff-status').textContent =
    `Chiffres ${period}${context.serviceName ? ` pour ${context.serviceName}` : ''} affichés.`;
}
