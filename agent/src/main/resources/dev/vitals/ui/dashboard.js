/* Vitals live dashboard: reads WS /metrics/stream and renders it. No framework, no network beyond this agent. */
(function () {
  'use strict';
  var MAX_POINTS = 600;           // 10 minutes at the default 1 s interval
  var state = { ws: null, retry: 0, messages: 0, lastData: {}, alerts: {}, token: null, opened: false };
  var series = { t: [], p50: [], p95: [], p99: [], rate: [], err: [], heap: [], rss: [] };
  var charts = {};
  window.vitals = { state: state, charts: charts, series: series };

  function $(id) { return document.getElementById(id); }
  function text(id, value) { var el = $(id); if (el) { el.textContent = value; } }
  function num(v, digits) {
    if (v === null || v === undefined || isNaN(v)) { return '\u2013'; }
    return Number(v).toLocaleString('en-US', { maximumFractionDigits: digits === undefined ? 1 : digits });
  }
  function mb(bytes) { return bytes < 0 || bytes === undefined ? '\u2013' : num(bytes / 1048576, 0) + ' MB'; }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }

  // ---- token: ?token= in the page URL, else what the user entered (kept in localStorage) ----
  function readToken() {
    var fromUrl = new URLSearchParams(location.search).get('token');
    if (fromUrl) { return fromUrl; }
    try { return localStorage.getItem('vitals.token'); } catch (e) { return null; }
  }
  $('token-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    state.token = $('token').value.trim() || null;
    try { if (state.token) { localStorage.setItem('vitals.token', state.token); } else { localStorage.removeItem('vitals.token'); } } catch (e) { /* private mode */ }
    if (state.ws) { state.ws.close(); } else { connect(); }
  });

  // ---- charts (uPlot) ----
  function makeChart(id, labels, colors) {
    var box = $(id);
    var opts = {
      width: Math.max(300, box.clientWidth), height: 200,
      cursor: { drag: { x: false, y: false } },
      axes: [{ stroke: '#8b96a5', grid: { stroke: '#2a3441' } }, { stroke: '#8b96a5', grid: { stroke: '#2a3441' }, size: 60 }],
      series: [{}].concat(labels.map(function (label, i) {
        return { label: label, stroke: colors[i], width: 2, spanGaps: true };
      }))
    };
    var data = [series.t].concat(labels.map(function () { return []; }));
    return new uPlot(opts, data, box);
  }
  function initCharts() {
    charts.latency = makeChart('chart-latency', ['p50', 'p95', 'p99'], ['#3fb950', '#d29922', '#f85149']);
    charts.rate = makeChart('chart-rate', ['requests/min'], ['#58a6ff']);
    charts.errors = makeChart('chart-errors', ['error %'], ['#f85149']);
    charts.memory = makeChart('chart-memory', ['heap', 'RSS'], ['#a371f7', '#8b96a5']);
    window.addEventListener('resize', function () {
      Object.keys(charts).forEach(function (k) {
        var box = charts[k].root.parentNode;
        charts[k].setSize({ width: Math.max(300, box.clientWidth), height: 200 });
      });
    });
  }
  function redraw() {
    charts.latency.setData([series.t, series.p50, series.p95, series.p99]);
    charts.rate.setData([series.t, series.rate]);
    charts.errors.setData([series.t, series.err]);
    charts.memory.setData([series.t, series.heap, series.rss]);
  }
  function push(key, value) {
    series[key].push(value === undefined ? null : value);
  }

  // ---- rendering one message ----
  function render(msg) {
    var d = msg.data || {};
    if (msg.service !== undefined) {
      text('service', msg.service);
      document.title = 'Vitals \u2013 ' + msg.service;
    }
    Object.keys(d).forEach(function (k) { state.lastData[k] = d[k]; });
    if (d.health) { renderHealth(d.health); }
    if (d.requests) { renderRequests(d.requests); }
    if (d.system) { renderSystem(d.system); }
    if (d.alerts !== undefined) { setActiveAlerts(d.alerts); }
    ['database', 'circuit-breakers'].forEach(function (g) {
      if (d[g] !== undefined) { renderGroup(g, d[g]); }
    });
    if (d.cache !== undefined) { renderCache(d.cache); }
    series.t.push(msg.timestamp / 1000);
    var r = d.requests || {}, s = (d.system || {}).memory || {};
    push('p50', r.p50); push('p95', r.p95); push('p99', r.p99);
    push('rate', r.requestsPerMinute); push('err', r.errorRate);
    push('heap', s.heapUsed === undefined ? null : s.heapUsed / 1048576);
    push('rss', s.rss === undefined || s.rss < 0 ? null : s.rss / 1048576);
    if (series.t.length > MAX_POINTS + (state.historyPoints || 0)) {
      Object.keys(series).forEach(function (k) { series[k].splice(0, series[k].length - MAX_POINTS - (state.historyPoints || 0)); });
    }
    redraw();
    text('updated', 'updated ' + new Date(msg.timestamp).toLocaleTimeString());
  }

  function renderHealth(h) {
    var status = $('health-status');
    status.textContent = h.status;
    status.setAttribute('data-status', h.status);
    var list = $('health-checks');
    list.textContent = '';
    Object.keys(h.checks || {}).forEach(function (name) {
      var c = h.checks[name];
      list.appendChild(el('li', { 'data-status': c.status, 'data-check': name, title: c.message || '' },
        [name + ': ' + c.status + (c.message ? ' \u2013 ' + c.message : '')]));
    });
  }

  function renderRequests(r) {
    text('req-rate', num(r.requestsPerMinute));
    text('req-count', num(r.count, 0));
    text('lat-p50', num(r.p50) + ' ms');
    text('lat-p95', num(r.p95) + ' ms');
    text('lat-p99', num(r.p99) + ' ms');
    text('err-rate', num(r.errorRate) + ' %');
    var parts = Object.keys(r.errorBreakdown || {}).map(function (k) { return k + ': ' + r.errorBreakdown[k]; });
    text('err-breakdown', parts.length ? parts.join(' \u00b7 ') : 'no errors');
    var routes = $('routes').tBodies[0];
    routes.textContent = '';
    (r.routes || []).forEach(function (x) {
      routes.appendChild(el('tr', {}, [el('td', { title: x.method + ' ' + x.path }, [x.method + ' ' + x.path]),
        el('td', {}, [num(x.count, 0)]), el('td', {}, [num(x.avgResponseTime)]), el('td', {}, [num(x.p95)]),
        el('td', {}, [num(x.errorRate)])]));
    });
    var slow = $('slow').tBodies[0];
    slow.textContent = '';
    (r.slow || []).forEach(function (x) {
      function dep(o) { return o && o.count ? num(o.timeMs) + ' ms / ' + o.count : '\u2013'; }
      slow.appendChild(el('tr', {}, [el('td', { title: x.path + ' at ' + x.time }, [x.method + ' ' + x.route]),
        el('td', {}, [String(x.status)]), el('td', {}, [num(x.duration)]), el('td', {}, [dep(x.database)]),
        el('td', {}, [dep(x.redis)]), el('td', {}, [dep(x.http)])]));
    });
  }

  function renderSystem(s) {
    var m = s.memory || {}, cpu = s.cpu || {}, t = s.threads || {};
    text('heap-used', mb(m.heapUsed));
    text('heap-max', m.heapMax > 0 ? mb(m.heapMax) : mb(m.heapCommitted));
    text('rss', mb(m.rss));
    text('cpu', cpu.percentage < 0 ? '\u2013' : num(cpu.percentage) + ' %');
    text('gc', 'GC ' + num(s.gcCollections, 0) + ' runs, ' + num(s.gcTimeMs, 0) + ' ms');
    text('threads', num(t.live, 0));
  }

  // Groups added by other features: shown as definition lists and tables, whatever their exact shape.
  function renderGroup(name, value) {
    var sec = $('sec-' + name), box = $('group-' + name);
    if (!sec || !box) { return; }
    sec.hidden = false;
    box.textContent = '';
    box.appendChild(renderValue(value, 0));
  }
  // The cache panel: one row per tier (L1 in-process, L2 Redis, overall), then the L1 caches and the Redis clients.
  function renderCache(c) {
    var sec = $('sec-cache'), box = $('group-cache');
    if (!sec || !box) { return; }
    sec.hidden = false;
    box.textContent = '';
    var t = c.tiers || {};
    var tiers = [['L1 in-process', t.l1, t.l1 ? num(t.l1.caches, 0) + ' caches' : ''],
      ['L2 Redis', t.l2, t.l2 ? num(t.l2.keyspaces, 0) + ' keyspaces' : ''], ['overall', t.overall, '']];
    var body = el('tbody');
    tiers.forEach(function (x) {
      var v = x[1] || {};
      body.appendChild(el('tr', { 'data-tier': x[0] }, [el('td', {}, [x[0]]), el('td', {}, [fmt(v.hits)]),
        el('td', {}, [fmt(v.misses)]), el('td', {}, [fmt(v.hitRate)]), el('td', {}, [x[2]])]));
    });
    box.appendChild(el('table', { id: 'cache-tiers' }, [el('thead', {}, [el('tr', {}, ['tier', 'hits', 'misses',
      'hit rate %', ''].map(function (h) { return el('th', {}, [h]); }))]), body]));
    if (c.l1 && c.l1.length) {
      box.appendChild(el('h3', {}, ['L1 caches']));
      box.appendChild(renderValue(c.l1, 0));
    }
    if (c.clients && c.clients.length) {
      box.appendChild(el('h3', {}, ['L2 Redis']));
      box.appendChild(renderValue({ clients: c.clients, servers: c.servers }, 0));
    }
  }
  function renderValue(v, depth) {
    if (Array.isArray(v)) {
      if (v.length && typeof v[0] === 'object' && v[0] !== null && !Array.isArray(v[0])) {
        var cols = Object.keys(v[0]).filter(function (k) { return typeof v[0][k] !== 'object'; });
        var table = el('table', {}, [el('thead', {}, [el('tr', {}, cols.map(function (c) { return el('th', {}, [c]); }))])]);
        var body = el('tbody');
        v.forEach(function (row) {
          body.appendChild(el('tr', {}, cols.map(function (c) { return el('td', {}, [fmt(row[c])]); })));
        });
        table.appendChild(body);
        return table;
      }
      return document.createTextNode(v.map(fmt).join(', '));
    }
    if (v !== null && typeof v === 'object') {
      var dl = el('dl');
      Object.keys(v).forEach(function (k) {
        dl.appendChild(el('dt', {}, [k]));
        var dd = el('dd');
        dd.appendChild(depth < 3 ? renderValue(v[k], depth + 1) : document.createTextNode(JSON.stringify(v[k])));
        dl.appendChild(dd);
      });
      return dl;
    }
    return document.createTextNode(fmt(v));
  }
  function fmt(v) { return typeof v === 'number' ? num(v, 2) : v === null || v === undefined ? '\u2013' : String(v); }

  // ---- alerts: pushed as {"type":"alert","data":{id, name, severity, state|status, message}} ----
  function onAlert(a) {
    var id = a.id !== undefined ? String(a.id) : (a.name || 'alert');
    var st = String(a.state || a.status || 'active').toLowerCase();
    if (st === 'resolved') { delete state.alerts[id]; } else { state.alerts[id] = a; }
    renderAlerts();
  }
  // An "alerts" group, when the alert feature registers one, carries the active alerts: an array, or {active: [...]}.
  function setActiveAlerts(v) {
    var list = Array.isArray(v) ? v : (v && Array.isArray(v.active) ? v.active : null);
    if (!list) { return; }
    var next = {};
    list.forEach(function (a) {
      var id = a.id !== undefined ? String(a.id) : (a.name || 'alert');
      var known = state.alerts[id];
      next[id] = known && String(known.state).toLowerCase() === 'acknowledged' && !a.state && !a.status ? known : a;
    });
    state.alerts = next;
    renderAlerts();
  }
  function renderAlerts() {
    var list = $('alerts');
    list.textContent = '';
    var ids = Object.keys(state.alerts);
    if (!ids.length) { list.appendChild(el('li', { 'class': 'muted' }, ['none'])); return; }
    ids.forEach(function (id) {
      var a = state.alerts[id];
      var sev = String(a.severity || 'warning');
      var st = String(a.state || a.status || 'active');
      var li = el('li', { 'data-alert': id }, [el('span', { 'class': 'sev', 'data-severity': sev }, [sev]),
        el('strong', {}, [a.name || id]), el('span', {}, [a.message || '']), el('span', { 'class': 'muted alert-state' }, [st])]);
      if (st.toLowerCase() !== 'acknowledged') {
        var b = el('button', { type: 'button', 'class': 'ack' }, ['Acknowledge']);
        b.addEventListener('click', function () { acknowledge(id, li); });
        li.appendChild(b);
      }
      list.appendChild(li);
    });
  }
  function acknowledge(id, li) {
    var headers = {};
    if (state.token) { headers.Authorization = 'Bearer ' + state.token; }
    fetch('/alerts/' + encodeURIComponent(id) + '/acknowledge', { method: 'POST', headers: headers })
      .then(function (res) {
        if (res.ok) {
          state.alerts[id].state = 'acknowledged';
          renderAlerts();
        } else {
          li.querySelector('.alert-state').textContent = 'acknowledge failed: HTTP ' + res.status;
        }
      })
      .catch(function (e) { li.querySelector('.alert-state').textContent = 'acknowledge failed: ' + e; });
  }

  // ---- the socket, reconnecting with backoff ----
  function setConn(s, label) {
    var b = $('conn');
    b.setAttribute('data-state', s);
    b.textContent = label || s;
    document.body.classList.toggle('stale', s !== 'live');
  }
  function connect() {
    state.token = state.token || readToken();
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/metrics/stream?interval=1000'
      + (state.token ? '&access_token=' + encodeURIComponent(state.token) : '');
    var ws;
    try { ws = new WebSocket(url); } catch (e) { schedule(); return; }
    state.ws = ws;
    state.opened = false;
    ws.onopen = function () { state.opened = true; state.retry = 0; setConn('live'); };
    ws.onmessage = function (ev) {
      var msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      state.messages++;
      if (msg.type === 'snapshot' || msg.type === 'update') { render(msg); }
      else if (msg.type === 'alert') { onAlert(msg.data || {}); }
    };
    ws.onclose = function () {
      state.ws = null;
      if (!state.opened && state.retry >= 2) {
        // Closed before it opened, repeatedly: usually a missing or wrong token (or a remote client without one).
        setConn('unauthorized', 'cannot connect: check the auth token');
      }
      schedule();
    };
  }
  function schedule() {
    var delay = Math.min(15000, 1000 * Math.pow(2, state.retry));
    state.retry++;
    if ($('conn').getAttribute('data-state') !== 'unauthorized') {
      setConn('reconnecting', 'reconnecting in ' + Math.round(delay / 1000) + ' s');
    }
    setTimeout(connect, delay);
  }

  // ---- the last hour from history, before the live points ----
  function fillFromHistory() {
    if (typeof fetch !== 'function') { return; }
    fetch('health/dashboard', { cache: 'no-store' }).then(function (res) {
      return res.ok ? res.json() : null;
    }).then(function (dash) {
      var points = dash && dash.history && dash.history.points;
      if (!points || !points.length || series.t.length > 0 && series.t[0] <= Date.parse(points[0].time) / 1000) {
        return;
      }
      var first = series.t.length ? series.t[0] : Infinity;
      var older = points.filter(function (p) { return Date.parse(p.time) / 1000 < first; });
      var add = { t: [], p50: [], p95: [], p99: [], rate: [], err: [], heap: [], rss: [] };
      older.forEach(function (p) {
        add.t.push(Date.parse(p.time) / 1000);
        add.p50.push(null); add.p95.push(p.p95); add.p99.push(null);
        add.rate.push(p.requestsPerMinute); add.err.push(p.errorRate);
        add.heap.push(p.memoryUsage === undefined ? null : p.memoryUsage); add.rss.push(null);
      });
      Object.keys(series).forEach(function (k) { Array.prototype.unshift.apply(series[k], add[k]); });
      state.historyPoints = older.length;
      text('history', older.length ? 'with the last hour from history (' + older.length + ' points)' : '');
      redraw();
    }).catch(function () { /* history is optional: the live charts go on without it */ });
  }

  // ---- top statements: polled from /health/database/statements (sorting them is too much for every stream tick) ----
  var STATEMENTS_EVERY_MS = 10000;
  function fetchStatements() {
    if (typeof fetch !== 'function') { return; }
    var headers = {};
    if (state.token) { headers.Authorization = 'Bearer ' + state.token; }
    fetch('health/database/statements?sort=total&limit=10', { cache: 'no-store', headers: headers }).then(function (res) {
      if (res.status === 404) { return null; } // no database feature: the panel stays hidden, and polling stops
      setTimeout(fetchStatements, STATEMENTS_EVERY_MS);
      return res.ok ? res.json() : undefined;
    }).then(function (body) {
      if (body) { renderStatements(body.top || []); }
    }).catch(function () { setTimeout(fetchStatements, STATEMENTS_EVERY_MS); });
  }
  function renderStatements(top) {
    var sec = $('sec-statements'), rows = $('statements').tBodies[0];
    sec.hidden = top.length === 0;
    rows.textContent = '';
    top.forEach(function (x) {
      rows.appendChild(el('tr', { 'data-source': x.source }, [el('td', { title: x.source + ': ' + x.query }, [x.query]),
        el('td', {}, [num(x.calls, 0)]), el('td', {}, [num(x.total)]), el('td', {}, [num(x.mean, 2)]),
        el('td', {}, [num(x.p95)]), el('td', {}, [num(x.max)]), el('td', {}, [num(x.errors, 0)]),
        el('td', {}, [num(x.percentOfTotal)])]));
    });
    state.statements = top;
  }

  initCharts();
  $('token').value = readToken() || '';
  fillFromHistory();
  connect();
  fetchStatements(); // after connect(), which reads the token
}());
