/**
 * A plain process beside the browser, to tell the page's long tasks from
 * the machine's: for `seconds`, it sleeps 10 ms and then works 3 ms, over
 * and over (about what the page's main thread does while a model trains),
 * and counts the turns that finished more than 50 ms late. bench/browser.ts
 * starts it in a session of its own (its own scheduling group, as another
 * application would be) while the page trains. Prints one line of JSON.
 *
 *   node bench/stall-probe.mjs 20
 */
const seconds = Number(process.argv[2] ?? 20);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const stalls = [];
const end = performance.now() + seconds * 1000;
let turns = 0;
while (performance.now() < end) {
  const start = performance.now();
  await sleep(10);
  const work = performance.now();
  while (performance.now() - work < 3);
  const late = performance.now() - start - 13;
  turns++;
  if (late > 50) stalls.push(Math.round(late));
}
process.stdout.write(`${JSON.stringify({ turns, over50: stalls.length, stallsMs: stalls })}\n`);
