/* Telltale viewer. Everything an event holds is untrusted: it is put on the page only as text
   (textContent, text nodes), never parsed as HTML; links are built from encoded names. */
(function () {
  'use strict';
  var POLL_MS = 1000;
  var main = document.getElementById('main');
  var statusEl = document.getElementById('status');
  var whereEl = document.getElementById('where');
  var filterEl = document.getElementById('filter');
  var shownGeneration = -1;
  var routeToken = 0;

  function el(tag, cls) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    for (var i = 2; i < arguments.length; i++) add(e, arguments[i]);
    return e;
  }
  function add(parent, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { add(parent, c); }); return; }
    parent.appendChild(typeof child === 'object' && child.nodeType ? child : document.createTextNode(String(child)));
  }
  function link(href, text, cls) { var a = el('a', cls, text); a.setAttribute('href', href); return a; }
  function str(v) { return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v); }
  function isObj(v) { return v && typeof v === 'object' && !Array.isArray(v); }
  function keys(o) { return isObj(o) ? Object.keys(o) : []; }
  function levelBadge(level) {
    var l = str(level || 'error').toLowerCase();
    var known = ['fatal', 'error', 'warning', 'info', 'debug'].indexOf(l) >= 0;
    return el('span', 'level' + (known ? ' ' + l : ''), l);
  }
  function pad(n, w) { n = String(n); while (n.length < (w || 2)) n = '0' + n; return n; }
  function fmtTime(ms) {
    if (typeof ms !== 'number' || !isFinite(ms)) return '';
    var d = new Date(ms);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' +
      pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }
  function ago(ms) {
    var s = Math.round((Date.now() - ms) / 1000);
    if (s < 0) return 'in the future';
    if (s < 60) return s + ' s ago';
    if (s < 3600) return Math.round(s / 60) + ' min ago';
    if (s < 86400) return Math.round(s / 3600) + ' h ago';
    return Math.round(s / 86400) + ' d ago';
  }
  function when(ms) { var t = el('time', null, ago(ms)); t.title = fmtTime(ms); t.setAttribute('datetime', new Date(ms).toISOString()); return t; }
  function parseTime(v) {
    if (typeof v === 'number') return v < 1e11 ? v * 1000 : v;
    var t = Date.parse(str(v)); return isNaN(t) ? null : t;
  }
  function setStatus(text) { statusEl.textContent = text; }
  function getJson(url) {
    return fetch(url, { cache: 'no-store' }).then(function (r) {
      if (!r.ok) throw new Error(r.status + ' ' + r.statusText);
      return r.json();
    });
  }
  function ready(view) {
    document.body.setAttribute('data-view', view);
    document.body.setAttribute('data-ready', String(Date.now()));
  }

  /* ---------- the issue list ---------- */
  var MAX_ROWS = 500;      // more rows than a person reads; the filter narrows the rest
  var listData = null;     // the last /api/issues answer
  var shownCounts = null;  // key -> count last drawn, to mark what changed

  function showIssues(token) {
    return getJson('/api/issues').then(function (data) {
      if (token !== routeToken) return;
      whereEl.textContent = data.directory;
      shownGeneration = data.generation;
      document.body.setAttribute('data-generation', String(data.generation));
      listData = data;
      var frag = document.createDocumentFragment();
      var total = 0;
      data.issues.forEach(function (i) { total += i.count; });
      add(frag, el('h1', null, data.issues.length + (data.issues.length === 1 ? ' issue' : ' issues')));
      add(frag, el('div', 'meta',
        el('span', null, el('b', 'total-events', String(total)), ' events'),
        data.unreadable ? el('span', null, el('b', null, String(data.unreadable)), ' unreadable files') : null,
        data.ingest ? el('span', null, 'Sentry DSN: ', el('b', 'mono', data.dsn)) : null));
      if (!data.issues.length) {
        add(frag, el('div', 'notice', 'No events yet in ', el('span', 'mono', data.directory),
          '. This page updates when files arrive.'));
      } else {
        add(frag, el('div', 'list'));
      }
      main.textContent = '';
      main.appendChild(frag);
      drawRows();
      document.title = 'Telltale: ' + data.issues.length + ' issues';
      ready('issues');
    });
  }

  /* The table: issues whose title and culprit contain every word of the filter, at most MAX_ROWS. */
  function drawRows() {
    var box = main.querySelector('.list');
    if (!box || !listData) return;
    var words = filterEl.value.toLowerCase().split(/\s+/).filter(Boolean);
    var matching = listData.issues.filter(function (i) {
      var text = (i.title + ' ' + i.culprit).toLowerCase();
      return words.every(function (w) { return text.indexOf(w) >= 0; });
    });
    var before = shownCounts;
    shownCounts = {};
    var table = el('table', 'issues');
    table.appendChild(el('thead', null, el('tr', null, el('th', null, 'Issue'), el('th', null, 'Level'),
      el('th', null, 'Events'), el('th', null, 'First seen'), el('th', null, 'Last seen'))));
    var body = el('tbody');
    matching.slice(0, MAX_ROWS).forEach(function (i) {
      var row = el('tr', null,
        el('td', 'title', link('#/issue/' + encodeURIComponent(i.key), i.title), el('span', 'culprit', i.culprit)),
        el('td', null, levelBadge(i.level)),
        el('td', 'num count', String(i.count)),
        el('td', null, when(i.firstSeen)),
        el('td', null, when(i.lastSeen)));
      if (before && before[i.key] !== undefined && before[i.key] !== i.count) row.className = 'fresh';
      if (before && before[i.key] === undefined && !words.length) row.className = 'fresh';
      shownCounts[i.key] = i.count;
      body.appendChild(row);
    });
    table.appendChild(body);
    box.textContent = '';
    box.appendChild(table);
    if (matching.length > MAX_ROWS) {
      box.appendChild(el('p', 'muted more-issues', 'The ' + MAX_ROWS + ' most recent of ' + matching.length +
        ' matching issues are shown; type in the filter to narrow them.'));
    } else if (words.length && matching.length < listData.issues.length) {
      box.appendChild(el('p', 'muted', matching.length + ' of ' + listData.issues.length + ' issues match the filter.'));
    }
  }

  /* ---------- one event ---------- */
  function showIssue(key, token) {
    return getJson('/api/issue?key=' + encodeURIComponent(key)).then(function (issue) {
      if (token !== routeToken) return;
      return showEvent(issue.latest, token, issue);
    });
  }

  function showEvent(name, token, issue) {
    var issueP = issue ? Promise.resolve(issue)
      : getJson('/api/issue?event=' + encodeURIComponent(name)).catch(function () { return null; });
    var eventP = fetch('/api/event?name=' + encodeURIComponent(name), { cache: 'no-store' }).then(function (r) {
      if (!r.ok) throw new Error('event ' + r.status);
      return r.text();
    });
    return Promise.all([issueP, eventP]).then(function (res) {
      if (token !== routeToken) return;
      var text = res[1], ev = null;
      try { ev = JSON.parse(text); } catch (e) { ev = null; }
      main.textContent = '';
      main.appendChild(renderEvent(ev, text, res[0], name));
      window.scrollTo(0, 0);
      ready('event');
    });
  }

  function renderEvent(ev, text, issue, name) {
    var f = document.createDocumentFragment();
    add(f, el('div', 'muted', link('#/', '← all issues')));
    if (!isObj(ev)) {
      add(f, el('h1', null, name));
      add(f, el('p', 'notice', 'This file is not a JSON event; its text follows.'));
      add(f, el('pre', 'raw', text));
      return f;
    }
    var chain = Array.isArray(ev.exceptions) ? ev.exceptions : [];
    var title = str(ev.title) || (chain.length ? str(chain[0].type) + ': ' + str(chain[0].message) : str(ev.message));
    document.title = 'Telltale: ' + title;
    add(f, el('h1', 'event-title', title));
    var mech = isObj(ev.mechanism) ? ev.mechanism : {};
    var ts = parseTime(ev.timestamp);
    add(f, el('div', 'meta',
      levelBadge(ev.level),
      ts !== null ? el('span', null, el('b', null, fmtTime(ts)), ' (', when(ts), ')') : null,
      mech.type ? el('span', null, 'mechanism ', el('b', null, str(mech.type)), mech.handled === false ? ', unhandled' : ', handled') : null,
      ev.eventId ? el('span', null, 'id ', el('b', 'mono', str(ev.eventId))) : null,
      ev.release ? el('span', null, 'release ', el('b', null, str(ev.release))) : null,
      ev.environment ? el('span', null, 'environment ', el('b', null, str(ev.environment))) : null,
      ev.serverName ? el('span', null, 'server ', el('b', null, str(ev.serverName))) : null,
      ev.logger ? el('span', null, 'logger ', el('b', null, str(ev.logger))) : null,
      ev.thread ? el('span', null, 'thread ', el('b', null, str(ev.thread))) : null));
    if (issue) add(f, others(issue, name));
    if (ev.message && str(ev.message) !== title) {
      add(f, el('h2', null, 'Message'));
      add(f, el('div', 'exc-msg', str(ev.message)));
      if (ev.messageTemplate && ev.messageTemplate !== ev.message) add(f, el('div', 'muted mono', 'template: ' + str(ev.messageTemplate)));
    }
    if (chain.length) { add(f, el('h2', null, 'Exception' + (chain.length > 1 ? ' chain (' + chain.length + ')' : ''))); add(f, renderChain(chain)); }
    if (Array.isArray(ev.threadFrames) && ev.threadFrames.length) {
      add(f, el('h2', null, 'Stack of the calling thread' + (ev.thread ? ' (' + str(ev.thread) + ')' : '')));
      add(f, el('div', 'exc thread-stack', renderFrames(ev.threadFrames, {})));
    }
    var crumbs = Array.isArray(ev.breadcrumbs) ? ev.breadcrumbs : [];
    if (crumbs.length) { add(f, el('h2', null, 'Breadcrumbs (' + crumbs.length + ')')); add(f, renderCrumbs(crumbs, ts)); }
    var journey = isObj(ev.userJourney) ? ev.userJourney : isObj(ev.journey) ? ev.journey : null;
    var actions = journey && Array.isArray(journey.recentActions) ? journey.recentActions : [];
    if (actions.length || (journey && journey.sessionStartedAt)) { add(f, el('h2', null, 'User journey')); add(f, renderJourney(journey, actions, ts)); }
    var grid = el('div', 'grid');
    if (isObj(ev.request) && keys(ev.request).length) grid.appendChild(section('Request', renderRequest(ev.request)));
    if (isObj(ev.user) && keys(ev.user).length) grid.appendChild(section('User', kvTable(ev.user)));
    if (isObj(ev.tags) && keys(ev.tags).length) grid.appendChild(section('Tags', kvTable(ev.tags)));
    var ctx = isObj(ev.contexts) ? ev.contexts : {};
    keys(ctx).forEach(function (k) { grid.appendChild(section('Context: ' + k, kvTable(ctx[k]))); });
    ['runtime', 'os'].forEach(function (k) { if (isObj(ev[k]) && keys(ev[k]).length) grid.appendChild(section(k === 'os' ? 'OS' : 'Runtime', kvTable(ev[k]))); });
    if (isObj(ev.extra) && keys(ev.extra).length) grid.appendChild(section('Extra', kvTable(ev.extra)));
    if (Array.isArray(ev.fingerprint) && ev.fingerprint.length) grid.appendChild(section('Fingerprint', el('div', 'mono', ev.fingerprint.map(str).join(' · '))));
    add(f, grid);
    add(f, el('h2', null, 'Raw JSON'));
    add(f, el('pre', 'raw', JSON.stringify(ev, null, 2)));
    return f;
  }

  function section(title, body) { return el('section', null, el('h2', null, title), body); }

  function others(issue, current) {
    var list = Array.isArray(issue.events) ? issue.events : [];
    var box = el('div', 'others meta', el('span', null, 'issue: ', el('b', null, issue.count + (issue.count === 1 ? ' event' : ' events')), ', first ', when(issue.firstSeen), ', last ', when(issue.lastSeen)));
    var idx = -1;
    list.forEach(function (e, i) { if (e.name === current) idx = i; });
    if (idx > 0) add(box, link('#/event/' + encodeURIComponent(list[idx - 1].name), '← newer'));
    if (idx >= 0 && idx + 1 < list.length) add(box, link('#/event/' + encodeURIComponent(list[idx + 1].name), 'older →'));
    if (idx >= 0) add(box, el('span', null, 'event ' + (idx + 1) + ' of ' + list.length));
    return box;
  }

  function renderChain(chain) {
    var byId = {}, kids = {};
    chain.forEach(function (x, i) { var id = x.id !== undefined ? x.id : i; byId[id] = x; });
    chain.forEach(function (x) {
      if (x.parentId !== undefined && byId[x.parentId] && byId[x.parentId] !== x) (kids[x.parentId] = kids[x.parentId] || []).push(x);
    });
    // The root cause: from the thrown exception, follow causes (not suppressed) to the end.
    var root = null;
    if (chain.length > 1) {
      var cur = chain[0], seen = [];
      for (;;) {
        seen.push(cur);
        var next = (kids[cur.id] || []).filter(function (k) { return k.relation !== 'suppressed' && seen.indexOf(k) < 0; })[0];
        if (!next && cur.id === undefined) next = chain[chain.indexOf(cur) + 1];
        if (!next) break;
        cur = next;
      }
      if (cur !== chain[0]) root = cur;
    }
    var box = el('div', 'chain');
    chain.forEach(function (x) {
      var depth = 0, p = x;
      while (p && p.parentId !== undefined && byId[p.parentId] && depth < 40) {
        if (p.relation === 'suppressed') depth++;
        p = byId[p.parentId];
      }
      var rel = x.relation === 'cause' ? 'Caused by' : x.relation === 'suppressed' ? 'Suppressed' : '';
      var head = el('div', 'exc-head',
        rel ? el('span', 'rel', rel + ':') : null,
        el('span', 'type', str(x.type) || 'Throwable'),
        x === root ? el('span', 'badge root-cause', 'ROOT CAUSE') : null,
        x.message ? el('div', 'exc-msg', str(x.message)) : null);
      var card = el('div', 'exc' + (x === root ? ' root' : ''), head, renderFrames(Array.isArray(x.frames) ? x.frames : [], x));
      if (depth) card.style.marginLeft = Math.min(depth, 6) * 24 + 'px';
      box.appendChild(card);
      if (x.causesOmitted) box.appendChild(el('div', 'muted', '... ' + x.causesOmitted + ' causes omitted (the chain was too long; the root cause is kept)'));
    });
    return box;
  }

  function frameText(fr) {
    var where = fr['native'] ? 'Native Method' : fr.file ? str(fr.file) + (fr.line !== undefined && fr.line >= 0 ? ':' + fr.line : '') : 'Unknown Source';
    return 'at ' + str(fr['class']) + '.' + str(fr.method) + '(' + where + ')';
  }

  function sourceOf(fr) {
    var c = isObj(fr.context) ? fr.context : isObj(fr.source) ? fr.source : {};
    var line = fr.contextLine !== undefined ? fr.contextLine : fr.context_line !== undefined ? fr.context_line : c.line;
    if (line === undefined || line === null) return null;
    var pre = fr.preContext || fr.pre_context || c.pre || [];
    var post = fr.postContext || fr.post_context || c.post || [];
    var n = typeof fr.line === 'number' ? fr.line : null;
    var box = el('div', 'source');
    function row(text, num, current) {
      box.appendChild(el('div', current ? 'current' : null, el('span', 'ln', num === null ? '' : String(num)), str(text)));
    }
    (Array.isArray(pre) ? pre : []).forEach(function (t, i, a) { row(t, n === null ? null : n - a.length + i, false); });
    row(line, n, true);
    (Array.isArray(post) ? post : []).forEach(function (t, i) { row(t, n === null ? null : n + 1 + i, false); });
    return box;
  }

  function renderFrames(frames, x) {
    var ul = el('ul', 'frames');
    var run = [];
    function flush() {
      if (run.length > 5) {
        run.slice(0, 2).forEach(function (li) { ul.appendChild(li); });
        var d = el('details', 'more', el('summary', null, (run.length - 2) + ' more frames'));
        run.slice(2).forEach(function (li) { d.appendChild(li); });
        ul.appendChild(el('li', null, d));
      } else run.forEach(function (li) { ul.appendChild(li); });
      run = [];
    }
    frames.forEach(function (fr) {
      var inApp = fr.inApp === true || fr.in_app === true;
      var li = el('li', 'frame' + (inApp ? ' in-app' : ''), frameText(fr), inApp ? el('span', 'tag', 'in app') : null, sourceOf(fr));
      if (inApp) { flush(); ul.appendChild(li); } else run.push(li);
    });
    flush();
    if (x.framesOmitted) ul.appendChild(el('li', 'frame', '... ' + x.framesOmitted + ' frames omitted'));
    if (x.framesInCommon) ul.appendChild(el('li', 'frame', '... ' + x.framesInCommon + ' more (in common with the enclosing exception)'));
    if (!frames.length) ul.appendChild(el('li', 'frame', '(no frames)'));
    return ul;
  }

  function rel(ms, base) {
    if (ms === null || base === null) return '';
    var d = (ms - base) / 1000;
    return (d <= 0 ? '−' + (-d).toFixed(2) : '+' + d.toFixed(2)) + ' s';
  }

  function renderCrumbs(crumbs, base) {
    var ol = el('ol', 'timeline crumbs');
    crumbs.forEach(function (b) {
      var t = parseTime(b.timestamp);
      var data = isObj(b.data) ? keys(b.data).map(function (k) { return k + '=' + str(b.data[k]); }).join('  ') : '';
      var li = el('li', str(b.level).toLowerCase(),
        el('span', 'when', t === null ? '' : fmtTime(t).slice(11) + ' ' + rel(t, base)),
        el('span', 'cat', str(b.category || b.type)),
        b.level && b.level !== 'info' ? levelBadge(b.level) : null, ' ',
        el('span', 'msg', str(b.message)),
        data ? el('div', 'data', data) : null);
      ol.appendChild(li);
    });
    return ol;
  }

  function renderJourney(journey, actions, base) {
    var box = el('div');
    var started = parseTime(journey.sessionStartedAt);
    if (started !== null) add(box, el('div', 'meta', 'session started ', el('b', null, fmtTime(started))));
    var ol = el('ol', 'timeline journey');
    actions.forEach(function (a) {
      var t = parseTime(a.timestamp);
      ol.appendChild(el('li', null,
        el('span', 'when', t === null ? '' : fmtTime(t).slice(11) + ' ' + rel(t, base)),
        el('span', 'cat', str(a.source)), el('span', 'msg', str(a.summary)),
        a.id ? el('span', 'data', '  ' + str(a.id)) : null));
    });
    box.appendChild(ol);
    return box;
  }

  function renderRequest(r) {
    var box = el('div');
    add(box, el('div', 'mono', str(r.method) + ' ' + str(r.url) + (r.queryString ? '?' + str(r.queryString) : '')));
    var rest = {};
    keys(r).forEach(function (k) { if (['method', 'url', 'queryString', 'headers'].indexOf(k) < 0) rest[k] = r[k]; });
    if (keys(rest).length) add(box, kvTable(rest));
    if (isObj(r.headers) && keys(r.headers).length) { add(box, el('div', 'muted', 'headers')); add(box, kvTable(r.headers)); }
    return box;
  }

  function kvTable(o) {
    var t = el('table', 'kv');
    var body = el('tbody');
    keys(o).forEach(function (k) { body.appendChild(el('tr', null, el('td', null, k), el('td', null, str(o[k])))); });
    t.appendChild(body);
    return t;
  }

  /* ---------- routing and live updates ---------- */
  function route() {
    var token = ++routeToken;
    var h = location.hash.replace(/^#/, '');
    var p;
    if (h.indexOf('/issue/') === 0) p = showIssue(decodeURIComponent(h.slice(7)), token);
    else if (h.indexOf('/event/') === 0) p = showEvent(decodeURIComponent(h.slice(7)), token, null);
    else p = showIssues(token);
    p.catch(function (e) {
      if (token !== routeToken) return;
      main.textContent = '';
      main.appendChild(el('div', 'notice', 'Could not load: ' + e.message + '. ', link('#/', 'All issues')));
      ready('error');
    });
  }

  function poll() {
    getJson('/api/generation').then(function (g) {
      setStatus('live · ' + fmtTime(Date.now()).slice(11));
      var onList = !/^#\/(issue|event)\//.test(location.hash);
      if (onList && g.generation !== shownGeneration) return showIssues(routeToken);
    }).catch(function () {
      setStatus('viewer not reachable');
    }).then(function () { setTimeout(poll, POLL_MS); });
  }

  window.addEventListener('hashchange', route);
  filterEl.addEventListener('input', function () { shownCounts = null; drawRows(); });
  route();
  setTimeout(poll, POLL_MS);
})();
