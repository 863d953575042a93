import { ROW_HEIGHT_PX } from './area-sections.js';
import { TREE_TAGS } from './element-tree.js';

/**
 * The report's only script, inlined and allowed by its sha256 in the CSP. It reads data
 * from the DOM (data-* attributes, text the server escaped, and the JSON of
 * `#evidence-data`) and writes only with createElement, text nodes, textContent, className, classList,
 * the `hidden`/`open` properties and one CSSOM size, never innerHTML.
 *
 * A test's evidence is built into it the first time it opens (a click on its summary,
 * a link to it, Expand all, printing, or any other toggle), from its entry in
 * `#evidence-data`: the n-th test on the page has the n-th entry.
 * The filter marks `0bit-filter-start`/`-end` and measures `0bit-filter`, which the
 * benchmark reads.
 */
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var doc = document;
  doc.documentElement.classList.add('js');
  var ROW = ${ROW_HEIGHT_PX};
  var TAG = /^(${TREE_TAGS.join('|')})$/;
  var sections = Array.prototype.slice.call(doc.querySelectorAll('section.area'));
  var chunks = [];
  var tests = [];
  var areas = [];
  var chunkOf = [];
  var rowsIn = [];
  var position = new Map();
  sections.forEach(function (sec) {
    var list = sec.querySelectorAll('.chunk');
    for (var c = 0; c < list.length; c++) {
      var rows = list[c].querySelectorAll('details.t');
      for (var i = 0; i < rows.length; i++) {
        position.set(rows[i], tests.length);
        tests.push(rows[i]); areas.push(sec.getAttribute('data-area')); chunkOf.push(chunks.length);
      }
      chunks.push(list[c]);
      rowsIn.push(rows.length);
    }
  });
  var shownIn = chunks.map(function () { return -1; });
  var q = doc.getElementById('f-text');
  var area = doc.getElementById('f-area');
  var state = doc.getElementById('f-state');
  var count = doc.getElementById('f-count');
  var none = doc.getElementById('f-none');
  var lines = null;
  var built = [];

  /* The n-th line of #evidence-data is the n-th test's evidence, parsed only when needed. */
  function evidence(i) {
    if (!lines) {
      var island = doc.getElementById('evidence-data');
      lines = island ? island.textContent.split('\\n') : [];
    }
    return lines[i] ? JSON.parse(lines[i]) : [];
  }

  /* ['tag.class', ...children] to DOM: only known tags, text only as text nodes. */
  function node(spec, parent) {
    if (!Array.isArray(spec)) { parent.appendChild(doc.createTextNode(String(spec))); return; }
    var parts = String(spec[0]).split('.');
    if (!TAG.test(parts[0])) return;
    var el = doc.createElement(parts[0]);
    if (parts.length > 1) el.className = parts.slice(1).join(' ');
    for (var i = 1; i < spec.length; i++) node(spec[i], el);
    parent.appendChild(el);
  }

  function build(i) {
    if (i === undefined || built[i]) return;
    built[i] = true;
    var blocks = evidence(i);
    var fragment = doc.createDocumentFragment();
    for (var k = 0; k < blocks.length; k++) node(blocks[k], fragment);
    tests[i].appendChild(fragment);
  }

  function open(t) {
    build(position.get(t));
    t.open = true;
  }

  function words(spec, out) {
    if (!Array.isArray(spec)) { out.push(String(spec)); return; }
    for (var i = 1; i < spec.length; i++) words(spec[i], out);
  }

  /*
   * Each test's whole text (name, location, failure, evidence), lower-cased, for the
   * filter: built in slices while the page is idle, and finished at once if the filter
   * needs it sooner.
   */
  var haystack = [];
  function text(i) {
    var out = [tests[i].textContent];
    if (!built[i]) evidence(i).forEach(function (block) { words(block, out); });
    return out.join('').toLowerCase();
  }
  function index() {
    while (haystack.length < tests.length) haystack.push(text(haystack.length));
    return haystack;
  }
  function indexWhileIdle(deadline) {
    while (haystack.length < tests.length && deadline.timeRemaining() > 1) {
      for (var k = 0; k < 100 && haystack.length < tests.length; k++) haystack.push(text(haystack.length));
    }
    if (haystack.length < tests.length) idle(indexWhileIdle);
  }
  function idle(task) {
    if (window.requestIdleCallback) { requestIdleCallback(task); return; }
    setTimeout(function () {
      var end = performance.now() + 10;
      task({ timeRemaining: function () { return end - performance.now(); } });
    }, 50);
  }

  /* Chunks the browser skips keep a size estimate of their shown rows; an empty one is hidden. */
  function size(c, shown) {
    if (shownIn[c] === shown) return;
    shownIn[c] = shown;
    chunks[c].hidden = shown === 0;
    chunks[c].style.containIntrinsicSize = 'auto ' + shown * ROW + 'px';
  }

  function apply() {
    performance.mark('0bit-filter-start');
    var needle = q.value.trim().toLowerCase();
    var a = area.value;
    var s = state.value;
    var active = needle !== '' || a !== '' || s !== '';
    var hay = needle ? index() : null;
    var shown = 0;
    var perArea = Object.create(null);
    var perChunk = chunks.map(function () { return 0; });
    for (var i = 0; i < tests.length; i++) {
      var t = tests[i];
      var ta = areas[i];
      var ok = (!a || ta === a) &&
        (!s || (s === 'waived' ? t.hasAttribute('data-waived') : t.getAttribute('data-state') === s)) &&
        (!hay || hay[i].indexOf(needle) !== -1);
      if (t.hidden === ok) t.hidden = !ok;
      if (ok) { shown++; perArea[ta] = (perArea[ta] || 0) + 1; perChunk[chunkOf[i]]++; }
    }
    for (var c = 0; c < chunks.length; c++) size(c, perChunk[c]);
    for (var j = 0; j < sections.length; j++) {
      var hide = active && !perArea[sections[j].getAttribute('data-area')];
      if (sections[j].hidden !== hide) sections[j].hidden = hide;
    }
    none.hidden = !active || shown > 0;
    count.textContent = active
      ? 'Showing ' + shown.toLocaleString('en-US') + ' of ' + tests.length.toLocaleString('en-US') + ' tests'
      : tests.length.toLocaleString('en-US') + ' tests';
    performance.mark('0bit-filter-end');
    performance.measure('0bit-filter', '0bit-filter-start', '0bit-filter-end');
  }

  function setAll(opened) {
    for (var i = 0; i < tests.length; i++) {
      if (tests[i].hidden) continue;
      if (opened) open(tests[i]); else tests[i].open = false;
    }
  }

  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && doc.getElementById(id);
    if (!target) return;
    var details = target.closest('details.t');
    if (details) {
      if (details.hidden || (details.closest('section.area') || {}).hidden) {
        q.value = ''; area.value = ''; state.value = ''; apply();
      }
      open(details);
      target.scrollIntoView();
    }
  }

  /* Built before the summary's click opens the test, so it never shows without its evidence. */
  doc.addEventListener('click', function (event) {
    var summary = event.target.closest && event.target.closest('details.t > summary');
    if (summary && position.has(summary.parentNode)) build(position.get(summary.parentNode));
  }, true);
  doc.addEventListener('toggle', function (event) {
    if (event.target.open && position.has(event.target)) build(position.get(event.target));
  }, true);

  q.addEventListener('input', apply);
  area.addEventListener('change', apply);
  state.addEventListener('change', apply);
  doc.getElementById('f-open').addEventListener('click', function () { setAll(true); });
  doc.getElementById('f-close').addEventListener('click', function () { setAll(false); });
  doc.getElementById('f-reset').addEventListener('click', function () {
    q.value = ''; area.value = ''; state.value = ''; apply(); q.focus();
  });
  window.addEventListener('hashchange', reveal);

  /* Paper shows what the screen shows, opened: every visible test prints with its evidence. */
  var opened = [];
  window.addEventListener('beforeprint', function () {
    opened = tests.filter(function (t) { return !t.hidden && !t.open; });
    opened.forEach(open);
  });
  window.addEventListener('afterprint', function () {
    opened.forEach(function (t) { t.open = false; });
    opened = [];
  });

  var copy = doc.querySelectorAll('[data-copy]');
  for (var k = 0; k < copy.length; k++) {
    copy[k].addEventListener('click', function (event) {
      var button = event.currentTarget;
      var source = doc.getElementById(button.getAttribute('data-copy'));
      var done = function (label) { button.textContent = label; };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(source.textContent).then(function () { done('Copied'); }, function () { done('Select and copy the command'); });
      } else {
        done('Select and copy the command');
      }
    });
  }

  rowsIn.forEach(function (rows, c) { size(c, rows); });
  reveal();
  idle(indexWhileIdle);
})();
`;
