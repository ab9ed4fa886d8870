// Portcullis XMPP Federation page: draws the chart of negotiations and failures per minute from the page's own
// attention.json (same origin), as SVG. Served by the console bundle; no inline script, no external resource.
// Only numbers come from the JSON into the chart; any text is set through textContent, never as markup.
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var W = 760, H = 180, LEFT = 40, BOTTOM = 24, TOP = 10;

  function el(name, attrs) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }

  function text(x, y, s, anchor) {
    var t = el('text', { x: x, y: y, 'font-size': 11, 'text-anchor': anchor || 'start', fill: '#444' });
    t.textContent = s;
    return t;
  }

  function sum(a) { return a.reduce(function (x, y) { return x + y; }, 0); }

  function draw(box, chart) {
    var neg = chart.negotiations.map(Number), fail = chart.failures.map(Number);
    var n = Math.min(neg.length, fail.length);
    var max = Math.max(1, Math.max.apply(null, neg.concat(fail)));
    var slot = (W - LEFT - 10) / n, bar = Math.max(1, slot / 2 - 1), plot = H - BOTTOM - TOP;
    var svg = el('svg', { id: 'pc-chart-svg', width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img' });
    var title = el('title');
    title.textContent = 'Negotiations and failures per minute';
    svg.appendChild(title);
    svg.appendChild(el('line', { x1: LEFT, y1: TOP + plot, x2: W - 10, y2: TOP + plot, stroke: '#888' }));
    svg.appendChild(el('line', { x1: LEFT, y1: TOP, x2: LEFT, y2: TOP + plot, stroke: '#888' }));
    svg.appendChild(text(LEFT - 4, TOP + 8, String(max), 'end'));
    svg.appendChild(text(LEFT - 4, TOP + plot, '0', 'end'));
    [[0, '-' + n + ' min'], [Math.floor(n / 2), '-' + Math.ceil(n / 2) + ' min'], [n - 1, 'now']].forEach(function (p) {
      svg.appendChild(text(LEFT + p[0] * slot + slot / 2, H - 8, p[1], 'middle'));
    });
    for (var i = 0; i < n; i++) {
      [[neg[i], 'pc-bar-negotiations', '#2a7ab0', 0], [fail[i], 'pc-bar-failures', '#c0392b', bar + 1]].forEach(function (b) {
        var h = b[0] === 0 ? 0 : Math.max(2, plot * b[0] / max);
        var r = el('rect', { 'class': b[1], 'data-minute': i - n + 1, 'data-count': b[0], x: LEFT + i * slot + b[3],
          y: TOP + plot - h, width: bar, height: h, fill: b[2] });
        var tip = el('title');
        tip.textContent = b[0] + (b[1] === 'pc-bar-failures' ? ' failed' : ' negotiated') + ', ' + (n - 1 - i) + ' min ago';
        r.appendChild(tip);
        svg.appendChild(r);
      });
    }
    var legend = document.createElement('p');
    legend.id = 'pc-chart-summary';
    legend.textContent = sum(neg) + ' negotiations, ' + sum(fail) + ' failures in the last ' + n + ' minutes'
      + ' (blue: negotiated, red: failed)';
    box.textContent = '';
    box.appendChild(svg);
    box.appendChild(legend);
    box.setAttribute('data-drawn', 'true');
  }

  function status(box, message) {
    var p = document.createElement('p');
    p.className = 'pc-chart-status pc-missing';
    p.textContent = message;
    box.textContent = '';
    box.appendChild(p);
  }

  function start() {
    var box = document.getElementById('pc-chart');
    if (!box) { return; }
    var source = box.getAttribute('data-source');
    // resolved against the origin, not the page's address: that may carry user:password, which fetch refuses
    var url = source ? new URL(source, location.origin) : null;
    if (!url || url.origin !== location.origin) {
      status(box, 'The chart reads only this console\'s own JSON.');
      return;
    }
    fetch(url.href, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        return r.json();
      })
      .then(function (data) { draw(box, data.chart); })
      .catch(function (e) { status(box, 'The chart could not be loaded: ' + e.message); });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
