// The viewer tests' fallback page engine: jsdom runs the page's own scripts (no rendering).
// Reads one JSON command per line on stdin ({id, method: navigate|eval, ...}); answers on stdout.
'use strict';
const { JSDOM, VirtualConsole } = require('jsdom');
const readline = require('readline');
let dom = null;
function send(o) { process.stdout.write(JSON.stringify(o) + '\n'); }
readline.createInterface({ input: process.stdin }).on('line', async (line) => {
  let m;
  try { m = JSON.parse(line); } catch (e) { return; }
  try {
    if (m.method === 'navigate') {
      if (dom) dom.window.close();
      const vc = new VirtualConsole();
      vc.on('jsdomError', (e) => process.stderr.write('jsdom: ' + e.message + '\n'));
      dom = await JSDOM.fromURL(m.url, {
        runScripts: 'dangerously', resources: 'usable', pretendToBeVisual: true, virtualConsole: vc,
        // jsdom has no fetch: the page's relative requests go through Node's, against the page's URL.
        beforeParse(w) { w.fetch = (u, o) => fetch(new URL(String(u), w.location.href), o); }
      });
      send({ id: m.id, result: {} });
    } else if (m.method === 'eval') {
      if (!dom) throw new Error('no page');
      const v = await dom.window.eval(m.expression);
      send({ id: m.id, result: { value: v === undefined ? null : v } });
    }
  } catch (e) {
    send({ id: m.id, error: String((e && e.message) || e) });
  }
});
