// cafesim's page: pick or build a run, watch it live from its event stream, compare the two
// modes on one axis, replay a finished run. Plain DOM, no library: everything a user or the
// service sends is put on the page as text (textContent, attributes), never as markup.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const $ = (selector) => document.querySelector(selector);

/** Seconds as the API gives them, shortest exact form: 8 -> "8 s", 2.5 -> "2.5 s". */
function seconds(value) {
  return `${Number(value.toFixed(3))} s`;
}

function times(sync, async) {
  return async > 0 ? `${Number((sync / async).toFixed(2))}x` : 'n/a';
}

/**
 * Where a finished run's picture ends: its makespan, or its last event if that is later (the
 * report rounds the makespan to microseconds; the events keep every digit).
 */
function endOf(report) {
  const last = report.events.length > 0 ? report.events[report.events.length - 1].atSeconds : 0;
  return Math.max(report.makespanSeconds || 0, last);
}

// ---------------------------------------------------------------------------------------------
// The API: JSON in and out, the token asked for once if the service wants one.

let token = sessionStorage.getItem('cafesim-token');

async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (unreachable) {
    return { status: 0, json: null, headers: new Headers() };
  }
  if (response.status === 401 && !call.asked) {
    call.asked = true;
    const given = window.prompt('This cafesim needs its API token (CAFESIM_API_TOKEN) to start'
      + ' or cancel runs. Token:');
    if (given) {
      token = given.trim();
      sessionStorage.setItem('cafesim-token', token);
      return call(method, path, body);
    }
  }
  const json = await response.json().catch(() => null);
  return { status: response.status, json, headers: response.headers };
}

/** Says in plain words what went wrong; a 400 also goes next to its field. */
function explain(answer) {
  const message = answer.json && answer.json.message ? answer.json.message : '';
  switch (answer.status) {
    case 400: {
      const field = answer.json && answer.json.field;
      if (field && showFieldError(field, message)) {
        return say(`Check the field marked below: ${message}`, true);
      }
      return say(message, true);
    }
    case 401:
      return say('This service needs an API token to start or cancel runs; reload the page'
        + ' to enter it. ' + message, true);
    case 404:
      return say(`Not found: ${message}`, true);
    case 409:
      return say(`Not now: ${message}`, true);
    case 429: {
      const after = answer.headers.get('Retry-After');
      return say(`The cafe is full: ${message}.${after ? ` Try again in ${after} s.` : ''}`, true);
    }
    case 503:
      return say(`The service is stopping or busy and takes no new runs now: ${message}`, true);
    case 0:
      return say('The service cannot be reached; is it running?', true);
    default:
      return say(`The service answered ${answer.status}. ${message}`, true);
  }
}

function say(text, isError) {
  const line = $('#message');
  line.textContent = text;
  line.classList.toggle('is-error', Boolean(isError));
}

/** The error line of the field the API named, or of the nearest field that holds it. */
function showFieldError(field, message) {
  let name = field;
  while (name) {
    const slot = document.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    if (slot) {
      slot.textContent = message;
      const input = document.querySelector(`[data-field="${CSS.escape(name)}"]`);
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        if (input.closest('details')) input.closest('details').open = true;
        input.focus();
      }
      return true;
    }
    const parent = name.replace(/(\[\d+\]|\.[^.[]*)$/, '');
    if (parent === name) break;
    name = parent;
  }
  return false;
}

function clearErrors() {
  document.querySelectorAll('[data-error-for]').forEach((slot) => { slot.textContent = ''; });
  document.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
  say('');
}

// ---------------------------------------------------------------------------------------------
// The form.

let scenarios = [];
let menu = new Map();

/** A number as typed; what is not one goes as typed, so the API names the field. */
function numberOrText(value) {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : trimmed;
}

function list(text) {
  return text.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function requestBody(withMode) {
  const body = {};
  const scenario = $('#scenario').value;
  if (scenario === 'custom') {
    const customers = $('#customers').value.split('\n').map((line) => line.trim())
      .filter((line) => line !== '').map((line) => {
        const colon = line.indexOf(':');
        return colon < 0 ? { drinks: list(line) }
          : { name: line.slice(0, colon).trim(), drinks: list(line.slice(colon + 1)) };
      });
    if (customers.length > 0) body.customers = customers;
    const count = numberOrText($('#arrivals-count').value);
    if (count !== undefined) {
      body.arrivals = {
        count,
        process: $('#arrivals-process').value,
        drinks: list($('#arrivals-drinks').value),
      };
      if ($('#arrivals-process').value !== 'at-once') {
        body.arrivals.perSecond = numberOrText($('#arrivals-perSecond').value);
      }
      const patience = numberOrText($('#arrivals-patience').value);
      if (patience !== undefined) body.arrivals.patienceSeconds = patience;
    }
    body.baristas = numberOrText($('#baristas').value);
    body.machines = numberOrText($('#machines').value);
    body.failureRate = numberOrText($('#failureRate').value);
  } else {
    body.scenario = scenario;
  }
  if (withMode) body.mode = $('#mode').value;
  body.clock = $('#clock').value;
  if (body.clock === 'realtime') body.speed = numberOrText($('#speed').value);
  const seed = $('#seed').value.trim();
  // As a string: any 64-bit seed survives JavaScript's numbers.
  if (seed !== '') body.seed = seed;
  return body;
}

function showLesson() {
  const chosen = scenarios.find((s) => s.name === $('#scenario').value);
  $('#lesson').textContent = chosen ? chosen.description
    : 'Your own customers and guests, from the fields below.';
  if (!chosen) $('#custom').open = true;
}

async function loadChoices() {
  const [listed, drinks] = await Promise.all([call('GET', '/scenarios'), call('GET', '/menu')]);
  scenarios = listed.json.scenarios;
  menu = new Map(drinks.json.drinks.map((d) => [d.name, d]));
  const select = $('#scenario');
  for (const scenario of scenarios) {
    const option = document.createElement('option');
    option.value = scenario.name;
    option.textContent = scenario.name;
    select.append(option);
  }
  const custom = document.createElement('option');
  custom.value = 'custom';
  custom.textContent = 'custom (build below)';
  select.append(custom);
  showLesson();
}

// ---------------------------------------------------------------------------------------------
// A run on the page: its events as they come, drawn as lanes on a time axis.

/** One run's picture: barista lanes, the line's length, customer waits, an axis. */
class Timeline {
  constructor(label) {
    this.label = label;
    this.events = [];
    this.now = 0;
    this.until = 1;
    this.figure = document.createElement('figure');
    this.figure.className = 'timeline';
    const caption = document.createElement('figcaption');
    caption.textContent = label;
    this.svg = document.createElementNS(SVG, 'svg');
    this.svg.setAttribute('role', 'img');
    this.svg.setAttribute('aria-label', `timeline: ${label}`);
    this.figure.append(caption, this.svg);
  }

  add(event) {
    this.events.push(event);
    this.now = Math.max(this.now, event.atSeconds);
  }

  reset() {
    this.events = [];
    this.now = 0;
  }

  /** The drinks (each try), the customers' waits and the line, as of {@code this.now}. */
  model() {
    const tries = [];
    const open = new Map();
    const customers = new Map();
    const line = [];
    let waiting = 0;
    const unstarted = new Map();
    for (const e of this.events) {
      if (e.atSeconds > this.now) break;
      const key = `${e.customerNo}-${e.drinkNo}`;
      switch (e.type) {
        case 'ORDER_PLACED':
          waiting += 1;
          unstarted.set(e.customerNo, (unstarted.get(e.customerNo) || 0) + 1);
          if (!customers.has(e.customerNo)) {
            customers.set(e.customerNo, { name: e.customer, from: e.atSeconds, to: null, left: false });
          }
          break;
        case 'DRINK_STARTED': {
          waiting -= 1;
          unstarted.set(e.customerNo, (unstarted.get(e.customerNo) || 1) - 1);
          const drink = menu.get(e.drink);
          const handsOn = drink && drink.variability === 'fixed' ? drink.handsOnSeconds : null;
          const attempt = { barista: e.barista, drink: e.drink, customer: e.customer, key,
            from: e.atSeconds, to: null, handsOn, outcome: 'making', retry: open.has(key) };
          open.set(key, attempt);
          tries.push(attempt);
          break;
        }
        case 'DRINK_READY':
        case 'BARISTA_FAILED':
        case 'DRINK_FAILED': {
          const attempt = open.get(key);
          if (attempt && attempt.to === null) {
            attempt.to = e.atSeconds;
            attempt.outcome = e.type === 'DRINK_READY' ? 'ready' : 'slipped';
          }
          break;
        }
        case 'DRINK_RETRIED': {
          // A try its barista lost when slipping on another drink ends here, unfinished; the
          // drink is back in the line.
          const attempt = open.get(key);
          if (attempt && attempt.to === null) {
            attempt.to = e.atSeconds;
            attempt.outcome = 'returned';
          }
          waiting += 1;
          break;
        }
        case 'CUSTOMER_SERVED':
        case 'CUSTOMER_RENEGED': {
          const customer = customers.get(e.customerNo);
          if (customer) {
            customer.to = e.atSeconds;
            customer.left = e.type === 'CUSTOMER_RENEGED';
          }
          if (e.type === 'CUSTOMER_RENEGED') {
            waiting -= unstarted.get(e.customerNo) || 0;
            unstarted.set(e.customerNo, 0);
          }
          break;
        }
        default:
      }
      // One point an instant: the line as it stands once the instant is over.
      if (line.length > 0 && line[line.length - 1][0] === e.atSeconds) {
        line[line.length - 1][1] = waiting;
      } else {
        line.push([e.atSeconds, waiting]);
      }
    }
    return { tries, customers: [...customers.values()], line };
  }

  draw() {
    const { tries, customers, line } = this.model();
    const width = 1000;
    const left = 110;
    const scale = (t) => left + ((width - left - 10) * t) / this.until;
    const svg = this.svg;
    svg.replaceChildren();
    let y = 4;

    // A lane per barista; drinks in the air at once stack in rows.
    const baristas = [...new Set(tries.map((t) => t.barista))].sort(
      (a, b) => a.localeCompare(b, undefined, { numeric: true }));
    for (const barista of baristas) {
      const rows = [];
      const mine = tries.filter((t) => t.barista === barista);
      for (const attempt of mine) {
        let row = rows.findIndex((end) => end <= attempt.from);
        if (row < 0) { row = rows.length; rows.push(0); }
        rows[row] = attempt.to === null ? Infinity : attempt.to;
        attempt.row = row;
      }
      const laneHeight = Math.max(1, rows.length) * 16 + 8;
      const lane = element('g', { class: 'lane', 'data-barista': barista });
      lane.append(text(barista, 4, y + 14, 'lane-label'));
      for (const attempt of mine) {
        const end = attempt.to === null ? this.now : attempt.to;
        const top = y + 4 + attempt.row * 16;
        const bar = element('g', { class: `drink ${attempt.outcome}`, 'data-drink': attempt.drink,
          'data-customer': attempt.customer || '' });
        const brewFrom = attempt.handsOn === null ? end : Math.min(end, attempt.from + attempt.handsOn);
        if (brewFrom > attempt.from) {
          bar.append(rect(scale(attempt.from), top, scale(brewFrom) - scale(attempt.from), 12, 'hands-on'));
        }
        if (end > brewFrom) {
          bar.append(rect(scale(brewFrom), top, scale(end) - scale(brewFrom), 12, 'brewing'));
        }
        if (attempt.outcome === 'slipped') {
          bar.append(text('✕', scale(end) - 4, top + 11, 'slip'));
        }
        if (attempt.retry) {
          bar.setAttribute('class', `${bar.getAttribute('class')} retry`);
          bar.append(text('↻', scale(attempt.from) + 1, top + 11, 'retry-mark'));
        }
        const title = element('title', {});
        title.textContent = `${attempt.drink} for ${attempt.customer}: ${seconds(attempt.from)}`
          + ` to ${attempt.to === null ? 'now' : seconds(attempt.to)}`;
        bar.append(title);
        lane.append(bar);
      }
      svg.append(lane);
      y += laneHeight;
    }

    // The line: drinks ordered and not yet started.
    const peak = Math.max(1, ...line.map(([, n]) => n));
    const strip = element('g', { class: 'queue' });
    strip.append(text(`line (max ${peak})`, 4, y + 26, 'lane-label'));
    const points = [];
    let last = 0;
    for (const [t, n] of line) {
      points.push(`${scale(t)},${y + 40 - (36 * last) / peak}`, `${scale(t)},${y + 40 - (36 * n) / peak}`);
      last = n;
    }
    points.push(`${scale(this.now)},${y + 40 - (36 * last) / peak}`);
    strip.append(element('polyline', { points: points.join(' '), class: 'queue-line' }));
    svg.append(strip);
    y += 48;

    // Each customer's wait, from the first order to served (or gone); the first 30.
    const shown = customers.slice(0, 30);
    for (const customer of shown) {
      const end = customer.to === null ? this.now : customer.to;
      const g = element('g', { class: `wait${customer.left ? ' left' : ''}`, 'data-customer': customer.name });
      g.append(text(customer.name, 4, y + 10, 'lane-label small'));
      g.append(rect(scale(customer.from), y + 2, Math.max(1, scale(end) - scale(customer.from)), 8, 'wait-bar'));
      svg.append(g);
      y += 12;
    }
    if (customers.length > shown.length) {
      svg.append(text(`and ${customers.length - shown.length} more customers`, 4, y + 10, 'lane-label small'));
      y += 14;
    }

    // The axis, in simulated seconds, and the present.
    const axis = element('g', { class: 'axis' });
    axis.append(element('line', { x1: left, x2: width - 10, y1: y + 4, y2: y + 4 }));
    const step = niceStep(this.until / 8);
    for (let t = 0; t <= this.until + 1e-9; t += step) {
      axis.append(element('line', { x1: scale(t), x2: scale(t), y1: y + 4, y2: y + 8 }));
      axis.append(text(`${Number(t.toFixed(3))}`, scale(t) - 6, y + 20, 'tick'));
    }
    axis.append(text('s', width - 10, y + 20, 'tick'));
    svg.append(axis);
    svg.append(element('line', { class: 'now', x1: scale(this.now), x2: scale(this.now), y1: 0, y2: y + 4 }));
    svg.setAttribute('viewBox', `0 0 ${width} ${y + 26}`);
    svg.dataset.drinks = String(tries.filter((t) => t.outcome === 'ready').length);
    svg.dataset.slips = String(tries.filter((t) => t.outcome === 'slipped').length);
    svg.dataset.now = String(this.now);
  }
}

function niceStep(rough) {
  const power = 10 ** Math.floor(Math.log10(Math.max(rough, 1e-9)));
  for (const m of [1, 2, 5, 10]) {
    if (m * power >= rough) return m * power;
  }
  return 10 * power;
}

function element(name, attributes) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

function rect(x, y, width, height, cls) {
  return element('rect', { x, y, width: Math.max(0.5, width), height, class: cls });
}

function text(content, x, y, cls) {
  const node = element('text', { x, y, class: cls });
  node.textContent = content;
  return node;
}

// ---------------------------------------------------------------------------------------------
// What is on the board: one run (live, finished or replayed) or a comparison of two.

const board = {
  runId: null,
  report: null,
  timelines: [],
  source: null,
  statsTimer: null,
  /** Bumped whenever the board changes: an animation of an earlier run stops. */
  generation: 0,
};

function stopWatching() {
  if (board.source) board.source.close();
  board.source = null;
  clearInterval(board.statsTimer);
  board.statsTimer = null;
  board.generation += 1;
  $('#cancel').disabled = true;
}

function showTimelines(timelines) {
  board.timelines = timelines;
  $('#timelines').replaceChildren(...timelines.map((t) => t.figure));
  timelines.forEach((t) => t.draw());
}

function showHead(report, status) {
  $('#run-title').textContent = `${report.scenario || 'custom run'} (${report.mode})`
    + ` ${report.runId}`;
  $('#run-status').textContent = status;
  $('#run-status').dataset.status = status;
  const attempts = report.attempts || 1;
  $('#attempts').textContent = attempts > 1 ? `resumed after a restart: attempt ${attempts}` : '';
}

function showClock(now) {
  $('#clock-now').textContent = now.toFixed(1);
}

function showStats(stats) {
  const dl = $('#stats');
  dl.replaceChildren();
  if (!stats) return;
  const rows = [
    ['customers', stats.customers],
    ['served', stats.served],
    ['walked out', stats.reneged],
    ['mean wait', stats.waitSeconds ? seconds(stats.waitSeconds.mean) : '–'],
    ['95th percentile wait', stats.waitSeconds ? seconds(stats.waitSeconds.p95) : '–'],
    ['mean time in line', stats.queueWaitSeconds ? seconds(stats.queueWaitSeconds.mean) : '–'],
    ['line length (mean / max)', stats.queueLength
      ? `${stats.queueLength.mean.toFixed(2)} / ${stats.queueLength.max}` : '–'],
    ['baristas busy', stats.utilisation ? `${Math.round(stats.utilisation.mean * 100)} %` : '–'],
    ['served an hour', stats.throughputPerHour === null ? '–' : Math.round(stats.throughputPerHour)],
  ];
  for (const [name, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = String(value);
    dd.dataset.stat = name;
    dl.append(dt, dd);
  }
}

/** A run's mode, and its status unless it completed. */
function label(report) {
  return report.status === 'COMPLETED' ? report.mode : `${report.mode} (${report.status})`;
}

/** A finished run, drawn whole; it may be replayed. */
function showFinished(report) {
  stopWatching();
  board.runId = report.runId;
  board.report = report;
  $('#totals').hidden = true;
  showHead(report, report.status);
  const timeline = new Timeline(`${label(report)}: ${seconds(report.makespanSeconds)}`);
  report.events.forEach((e) => timeline.add(e));
  timeline.until = Math.max(endOf(report), 1e-3);
  timeline.now = endOf(report);
  showTimelines([timeline]);
  showClock(report.makespanSeconds);
  showStats(report.stats);
  $('#replay').disabled = false;
  if (report.detail && report.detail.leftOut > 0) {
    say(`Drawn from the first ${report.detail.kept} events and messages the run kept;`
      + ` ${report.detail.leftOut} more were counted, not kept.`, false);
  }
}

/** A run in flight, drawn from its event stream as it happens. */
function watch(runId, speed, expectedSeconds, elapsedSeconds) {
  stopWatching();
  board.runId = runId;
  board.report = null;
  $('#totals').hidden = true;
  $('#replay').disabled = true;
  $('#cancel').disabled = false;
  const timeline = new Timeline('live');
  // The axis spans what the run should take, when that is known; it grows if it takes longer.
  timeline.until = expectedSeconds || 1;
  showTimelines([timeline]);
  // When the run started, by this page's clock: a run opened part-way through is that far in.
  let startedAt = elapsedSeconds > 0 && Number.isFinite(speed)
    ? performance.now() - (elapsedSeconds / speed) * 1000 : null;
  const source = new EventSource(`/runs/${encodeURIComponent(runId)}/events`);
  board.source = source;
  source.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (startedAt === null) startedAt = performance.now();
    timeline.add(event);
  };
  source.onerror = () => {
    // The browser retries a dropped stream by itself; one it gave up on is read once more.
    if (source.readyState === EventSource.CLOSED && board.source === source) {
      stopWatching();
      openRun(runId);
    }
  };
  source.addEventListener('restarted', (message) => {
    const attempt = JSON.parse(message.data).attempt;
    timeline.reset();
    startedAt = null;
    $('#attempts').textContent = `resumed after a restart: attempt ${attempt}`;
  });
  source.addEventListener('overflow', () => {
    say('The page fell behind the run; catching up.', false);
  });
  source.addEventListener('report', (message) => {
    const report = JSON.parse(message.data);
    source.close();
    showFinished(report);
    say(`${report.status}: ${seconds(report.makespanSeconds)}.`, false);
    refreshPast();
  });
  const statsTimer = setInterval(async () => {
    const answer = await call('GET', `/runs/${encodeURIComponent(runId)}/stats`);
    if (answer.status === 200 && board.runId === runId && !board.report) showStats(answer.json.stats);
  }, 1000);
  board.statsTimer = statsTimer;
  const generation = board.generation;
  const tick = () => {
    if (generation !== board.generation) return;
    if (startedAt !== null && Number.isFinite(speed)) {
      timeline.now = Math.max(timeline.now, ((performance.now() - startedAt) / 1000) * speed);
    }
    if (timeline.now > timeline.until) timeline.until = timeline.now * 1.2;
    timeline.draw();
    showClock(timeline.now);
    setTimeout(() => requestAnimationFrame(tick), 100);
  };
  tick();
}

/** Opens a run by id (a deep link, the list): live if it runs, else drawn whole. */
async function openRun(runId) {
  const answer = await call('GET', `/runs/${encodeURIComponent(runId)}`);
  if (answer.status !== 200) return explain(answer);
  const report = answer.json;
  if (report.status === 'RUNNING') {
    showHead(report, 'RUNNING');
    watch(runId, report.timing === 'virtual' ? NaN : report.speed, report.expectedSeconds,
      report.elapsedSeconds);
  } else {
    showFinished(report);
  }
  return undefined;
}

function link(runId) {
  const url = new URL(window.location.href);
  url.searchParams.set('run', runId);
  window.history.pushState({ run: runId }, '', url);
}

/** Run and Compare wait for the answer to the one in flight: two at once would fight over the board. */
async function busy(action) {
  const buttons = [$('#run'), $('#compare')];
  buttons.forEach((button) => { button.disabled = true; });
  try {
    return await action();
  } finally {
    buttons.forEach((button) => { button.disabled = false; });
  }
}

async function start(event) {
  event.preventDefault();
  return busy(() => startRun());
}

async function startRun() {
  clearErrors();
  const body = requestBody(true);
  const answer = await call('POST', '/runs', body);
  if (answer.status !== 202 && answer.status !== 200) return explain(answer);
  const { runId } = answer.json;
  link(runId);
  say(`Started ${runId}.`, false);
  await openRun(runId);
  refreshPast();
  return undefined;
}

async function cancel() {
  const runId = board.runId;
  if (!runId) return undefined;
  $('#cancel').disabled = true;
  const answer = await call('DELETE', `/runs/${encodeURIComponent(runId)}`);
  if (answer.status === 409) {
    say(`${runId} had already ended.`, false);
    return openRun(runId);
  }
  if (answer.status !== 200) {
    $('#cancel').disabled = false;
    return explain(answer);
  }
  say(`Cancelled ${runId}.`, false);
  showFinished(answer.json);
  refreshPast();
  return undefined;
}

/** Both modes of the chosen run, on one shared axis, with their totals and the speedup. */
function compare() {
  return busy(() => compareModes());
}

async function compareModes() {
  clearErrors();
  stopWatching();
  say('Running both modes…', false);
  let answer = await call('POST', '/runs/compare', requestBody(false));
  if (answer.status !== 200 && answer.status !== 202) return explain(answer);
  let { sync, async } = answer.json;
  while (sync.status === 'RUNNING' || async.status === 'RUNNING') {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const [nowSync, nowAsync] = await Promise.all([sync, async].map(
      (run) => call('GET', `/runs/${encodeURIComponent(run.runId)}`)));
    if (nowSync.status !== 200) return explain(nowSync);
    if (nowAsync.status !== 200) return explain(nowAsync);
    sync = nowSync.json;
    async = nowAsync.json;
  }
  const until = Math.max(endOf(sync), endOf(async), 1e-3);
  const timelines = [sync, async].map((report) => {
    const timeline = new Timeline(`${label(report)}: ${seconds(report.makespanSeconds)}`);
    report.events.forEach((e) => timeline.add(e));
    timeline.until = until;
    timeline.now = endOf(report);
    return timeline;
  });
  board.runId = async.runId;
  board.report = async;
  showHead(async, async.status);
  $('#run-title').textContent = `${async.scenario || 'custom run'}: sync and async`;
  showTimelines(timelines);
  showClock(until);
  $('#total-sync').textContent = seconds(sync.makespanSeconds);
  $('#total-async').textContent = seconds(async.makespanSeconds);
  $('#speedup').textContent = times(sync.makespanSeconds, async.makespanSeconds);
  const svgLink = $('#comparison-svg');
  svgLink.href = (answer.json && answer.json.comparisonSvg)
    || `/comparison.svg?sync=${encodeURIComponent(sync.runId)}&async=${encodeURIComponent(async.runId)}`;
  svgLink.hidden = false;
  $('#totals').hidden = false;
  showStats(async.stats);
  $('#replay').disabled = true;
  say(`sync ${seconds(sync.makespanSeconds)}, async ${seconds(async.makespanSeconds)}.`, false);
  refreshPast();
  return undefined;
}

/** The finished run again, animated here from its stored events at the chosen speed. */
function replay() {
  const report = board.report;
  if (!report) return;
  stopWatching();
  const speed = Number($('#replay-speed').value);
  const timeline = new Timeline(`replay at ${speed}x: ${report.mode}`);
  const end = endOf(report);
  timeline.until = Math.max(end, 1e-3);
  showTimelines([timeline]);
  $('#totals').hidden = true;
  const begun = performance.now();
  const generation = board.generation;
  let next = 0;
  const tick = () => {
    if (generation !== board.generation) return;
    const now = Math.min(end, ((performance.now() - begun) / 1000) * speed);
    while (next < report.events.length && report.events[next].atSeconds <= now) {
      timeline.add(report.events[next]);
      next += 1;
    }
    timeline.now = now;
    timeline.draw();
    showClock(now);
    if (now < end) {
      requestAnimationFrame(tick);
    } else {
      say(`Replayed ${report.runId}.`, false);
    }
  };
  tick();
}

// ---------------------------------------------------------------------------------------------
// Past runs, from the store, a page at a time.

let olderCursor = null;

async function refreshPast(before) {
  const query = before ? `?limit=10&before=${encodeURIComponent(before)}` : '?limit=10';
  const answer = await call('GET', `/runs${query}`);
  if (answer.status !== 200) return;
  const list = $('#past-runs');
  if (!before) list.replaceChildren();
  for (const run of answer.json.runs) {
    const item = document.createElement('li');
    const a = document.createElement('a');
    a.href = `?run=${encodeURIComponent(run.runId)}`;
    a.textContent = run.runId;
    a.addEventListener('click', (event) => {
      event.preventDefault();
      link(run.runId);
      clearErrors();
      openRun(run.runId);
    });
    const about = document.createElement('span');
    about.textContent = ` ${run.scenario || 'custom'} · ${run.mode} · ${run.status}`
      + (run.makespanSeconds === null ? '' : ` · ${seconds(run.makespanSeconds)}`);
    item.append(a, about);
    list.append(item);
  }
  olderCursor = answer.json.next;
  $('#older').hidden = olderCursor === null;
}

// ---------------------------------------------------------------------------------------------

/** Each field's error line is its description, so a screen reader reads the reason with it. */
function describeFields() {
  document.querySelectorAll('[data-error-for]').forEach((slot, index) => {
    slot.id = `error-${index}`;
    const input = document.querySelector(`[data-field="${CSS.escape(slot.dataset.errorFor)}"]`);
    if (input) input.setAttribute('aria-describedby', slot.id);
  });
}

window.addEventListener('DOMContentLoaded', async () => {
  describeFields();
  $('#run-form').addEventListener('submit', start);
  $('#compare').addEventListener('click', compare);
  $('#cancel').addEventListener('click', cancel);
  $('#replay').addEventListener('click', replay);
  $('#older').addEventListener('click', () => refreshPast(olderCursor));
  $('#scenario').addEventListener('change', showLesson);
  $('#clock').addEventListener('change', () => {
    $('#speed').disabled = $('#clock').value === 'virtual';
  });
  window.addEventListener('popstate', () => {
    const runId = new URLSearchParams(window.location.search).get('run');
    if (runId) openRun(runId);
  });
  await loadChoices();
  await refreshPast();
  const runId = new URLSearchParams(window.location.search).get('run');
  if (runId) await openRun(runId);
  document.body.dataset.ready = 'true';
});
