/**
 * The report's only script, inlined and allowed by its sha256 in the CSP. It reads data
 * from the DOM (data-* attributes and text the server escaped) and writes only with
 * textContent, classList and the `hidden`/`open` properties, never innerHTML.
 * The filter marks `0bit-filter-start`/`-end` and measures `0bit-filter`, which the benchmark reads.
 */
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var doc = document;
  doc.documentElement.classList.add('js');
  var sections = Array.prototype.slice.call(doc.querySelectorAll('section.area'));
  var tests = [];
  var areas = [];
  sections.forEach(function (sec) {
    var list = sec.querySelectorAll('details.t');
    for (var i = 0; i < list.length; i++) { tests.push(list[i]); areas.push(sec.getAttribute('data-area')); }
  });
  var q = doc.getElementById('f-text');
  var area = doc.getElementById('f-area');
  var state = doc.getElementById('f-state');
  var count = doc.getElementById('f-count');
  var none = doc.getElementById('f-none');
  var haystack = null;

  /* A test's whole text (name, location, failure, evidence), lower-cased; built when the page is idle. */
  function index() {
    if (!haystack) haystack = tests.map(function (t) { return t.textContent.toLowerCase(); });
    return haystack;
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
    for (var i = 0; i < tests.length; i++) {
      var t = tests[i];
      var ta = areas[i];
      var ok = (!a || ta === a) &&
        (!s || (s === 'waived' ? t.hasAttribute('data-waived') : t.getAttribute('data-state') === s)) &&
        (!hay || hay[i].indexOf(needle) !== -1);
      if (t.hidden === ok) t.hidden = !ok;
      if (ok) { shown++; perArea[ta] = (perArea[ta] || 0) + 1; }
    }
    for (var j = 0; j < sections.length; j++) {
      sections[j].hidden = active && !perArea[sections[j].getAttribute('data-area')];
    }
    none.hidden = !active || shown > 0;
    count.textContent = active
      ? 'Showing ' + shown.toLocaleString('en-US') + ' of ' + tests.length.toLocaleString('en-US') + ' tests'
      : tests.length.toLocaleString('en-US') + ' tests';
    performance.mark('0bit-filter-end');
    performance.measure('0bit-filter', '0bit-filter-start', '0bit-filter-end');
  }

  function setAll(open) {
    for (var i = 0; i < tests.length; i++) if (!tests[i].hidden) tests[i].open = open;
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
      details.open = true;
      target.scrollIntoView();
    }
  }

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
    opened.forEach(function (t) { t.open = true; });
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

  reveal();
  (window.requestIdleCallback || setTimeout)(index);
})();
`;
