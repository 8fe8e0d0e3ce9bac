/**
 * Measurements in Debian's headless Chromium against the built app served on
 * localhost: start-up, decode-on-click latency, map redraw, slider frame
 * rate, training throughput in the worker (naive vs hand-written, per
 * backend), long tasks while training, time to a good model and memory.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { percentile, summarize, type Summary } from './stats';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/lib/chromium';
import type { LatentExplorerHook } from '../src/testHooks';

type Hook = LatentExplorerHook;
declare global {
  interface Window {
    __longTasks?: number[];
  }
}

export interface BrowserTrainResult {
  where: 'chromium-worker';
  backend: 'wasm' | 'webgl';
  /** The reference shape 784-512-256-2; "vae+ae": the VAE and the AE of that shape at once, samples/s summed. */
  model: string;
  batch: number;
  /** wasm threads per worker (null on WebGL). */
  threads: number | null;
  naiveSamplesPerSec: number | null;
  samplesPerSec: number | null;
  speedup: number | null;
  naive: Summary | null;
  fast: Summary | null;
}

export interface BrowserResults {
  chromium: string;
  webglRenderer: string | null;
  dataLoadMs: Summary;
  timeToInteractiveMs: Summary;
  firstContentfulPaintMs: Summary;
  decodeClickMs: { p50: number; p95: number; runs: number };
  decodeClickToFrameMs: { p50: number; p95: number; runs: number };
  decodeHandlerMs: { p50: number; p95: number; runs: number };
  decodeRoundTripMs: { p50: number; p95: number; runs: number };
  mapRedrawMs: { p50: number; p95: number; runs: number };
  sliderFps: number;
  longTasksDuringTraining: number;
  longTaskDurationsMs: number[];
  /** The machine's share: a plain process beside the training page, its turns more than 50 ms late. */
  outsideStallsDuringTraining: OutsideStalls;
  trainingSecondsObserved: number;
  posteriorGridMs: Summary;
  /**
   * The hidden half (bottom half of digit 7) beside the lab's posterior on the same digit, alternating:
   * whole runs, and their 201 x 201 grids alone (the masked posterior's against the lab's full one).
   */
  hiddenHalfMs: Summary;
  labPosteriorMs: Summary;
  hiddenGridMs: Summary;
  labGridMs: Summary;
  longTasksDuringLab: number;
  longTasksDuringTour: number;
  tourLongTaskDurationsMs: number[];
  outsideStallsDuringTour: OutsideStalls;
  tourChapters: number;
  labDurationMs: number;
  timeToNegElbo150Sec: number | null;
  negElboCurve: Array<{ sec: number; epoch: number; negElbo: number }>;
  tensorsAfter100Steps: number;
  tensorsAfter10kSteps: number;
  memoryModel: string;
  heapBytesAfter100Steps: number | null;
  /** Halfway: growth from here to 10,000 steps tells a leak from the wasm heap's high-water mark. */
  heapBytesAfter5kSteps: number | null;
  heapBytesAfter10kSteps: number | null;
  train: BrowserTrainResult[];
}

const hook = (page: Page) => page.evaluateHandle(() => window.__latentExplorer as Hook);

async function newPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1300, height: 1000 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    // tsx compiles this file with esbuild's keepNames, which wraps named functions in page.evaluate
    // callbacks in a __name(...) helper that only exists in Node: give the page a no-op one.
    (window as unknown as { __name: (f: unknown) => unknown }).__name = (f) => f;
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks!.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  page.on('pageerror', (err) => process.stderr.write(`page error: ${err.message}\n`));
  await page.goto(url);
  return page;
}

async function waitForMaps(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const h = window.__latentExplorer;
      return h && h.perf.mapsDrawnAt.left !== undefined && h.perf.mapsDrawnAt.right !== undefined;
    },
    null,
    { timeout: 60_000 },
  );
}

async function waitForDataset(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => window.__latentExplorer?.datasetLoadMs() ?? null, null, {
    timeout: 60_000,
  });
  return (await handle.jsonValue()) as number;
}

export async function measureStartup(browser: Browser, url: string, runs: number, log: (s: string) => void) {
  const tti: number[] = [];
  const data: number[] = [];
  const fcp: number[] = [];
  for (let r = 0; r < runs; r++) {
    const page = await newPage(browser, url);
    await waitForMaps(page);
    const ready = await page.evaluate(() =>
      Math.max(window.__latentExplorer!.perf.mapsDrawnAt.left, window.__latentExplorer!.perf.mapsDrawnAt.right),
    );
    data.push(await waitForDataset(page));
    tti.push(ready);
    fcp.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN));
    log(
      `  start-up ${r + 1}/${runs}: maps interactive at ${ready.toFixed(0)} ms, data loaded in ${data[r].toFixed(0)} ms`,
    );
    await page.context().close();
  }
  return { timeToInteractiveMs: summarize(tti), dataLoadMs: summarize(data), firstContentfulPaintMs: summarize(fcp) };
}

async function measureInteraction(browser: Browser, url: string, log: (s: string) => void) {
  const page = await newPage(browser, url);
  await waitForMaps(page);
  await waitForDataset(page);
  // Decode on click: real mouse clicks, from the event's timestamp to the frame showing the image.
  const map = page.getByRole('application', { name: 'Latent map (VAE)' });
  const box = (await map.boundingBox())!;
  let seed = 7;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let k = 0; k < 60; k++) {
    await page.mouse.click(box.x + box.width * (0.1 + 0.8 * rand()), box.y + box.height * (0.1 + 0.8 * rand()));
    await page.waitForTimeout(60);
  }
  await page.waitForTimeout(300);
  // The first clicks warm up.
  const clicks = await page.evaluate(() => window.__latentExplorer!.perf.decodeClickMs.slice(3));
  const toFrame = await page.evaluate(() => window.__latentExplorer!.perf.decodeClickToFrameMs.slice(3));
  const handler = await page.evaluate(() => window.__latentExplorer!.perf.decodeHandlerMs.slice(3));
  const roundTrip = await page.evaluate(() => window.__latentExplorer!.perf.decodeRoundTripMs.slice(3));
  log(
    `  click to decoded image drawn: ${clicks.length} clicks, p50 ${percentile(clicks, 50).toFixed(1)} ms, p95 ${percentile(clicks, 95).toFixed(1)} ms`,
  );
  log(
    `  click to the frame showing it: p50 ${percentile(toFrame, 50).toFixed(1)} ms, p95 ${percentile(toFrame, 95).toFixed(1)} ms`,
  );

  const redraws = await page.evaluate(() => window.__latentExplorer!.benchMapRedraw('left', 60, 480).slice(5));
  log(
    `  map redraw (10,000 means + ellipses): p50 ${percentile(redraws, 50).toFixed(2)} ms, p95 ${percentile(redraws, 95).toFixed(2)} ms`,
  );

  // Slider drag: a new value every animation frame for 3 s; count decoded images shown.
  await page.getByRole('radiogroup', { name: 'Model shown' }).getByRole('radio', { name: 'VAE', exact: true }).check();
  const sliderFps = await page.evaluate(async () => {
    const slider = document.querySelector<HTMLInputElement>('input[aria-label="Latent dimension 1"]');
    if (!slider) throw new Error('no slider');
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const before = window.__latentExplorer!.perf.paints.sliders ?? 0;
    const started = performance.now();
    let frames = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const t = (performance.now() - started) / 1000;
        setValue.call(slider, String(3 * Math.sin(t * 2)));
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        frames++;
        if (t < 3) requestAnimationFrame(tick);
        else resolve();
      };
      requestAnimationFrame(tick);
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      fps: ((window.__latentExplorer!.perf.paints.sliders ?? 0) - before) / seconds,
      displayFps: frames / seconds,
    };
  });
  log(
    `  slider drag: ${sliderFps.fps.toFixed(1)} decoded images/s at ${sliderFps.displayFps.toFixed(1)} display frames/s`,
  );
  await page.context().close();
  return {
    decodeClickMs: { p50: percentile(clicks, 50), p95: percentile(clicks, 95), runs: clicks.length },
    decodeClickToFrameMs: { p50: percentile(toFrame, 50), p95: percentile(toFrame, 95), runs: toFrame.length },
    decodeHandlerMs: { p50: percentile(handler, 50), p95: percentile(handler, 95), runs: handler.length },
    decodeRoundTripMs: { p50: percentile(roundTrip, 50), p95: percentile(roundTrip, 95), runs: roundTrip.length },
    mapRedrawMs: { p50: percentile(redraws, 50), p95: percentile(redraws, 95), runs: redraws.length },
    sliderFps: sliderFps.fps,
  };
}

const VAE_ROW = '784-512-256-2';

async function measureWorkerTraining(browser: Browser, url: string, rounds: number, log: (s: string) => void) {
  const page = await newPage(browser, url);
  await waitForDataset(page);
  const h = await hook(page);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const isolated = await page.evaluate(() => crossOriginIsolated);
  log(`  ${cores} logical cores, cross-origin isolated: ${isolated}`);
  const run = (backend: 'wasm' | 'webgl', mode: 'naive' | 'fast', steps: number, pair: boolean, threads: number) =>
    page.evaluate(([hk, b, m, n, p, t]) => hk.benchmarkTraining(b, m, n, p ? ['vae', 'ae'] : ['vae'], t), [
      h,
      backend,
      mode,
      steps,
      pair,
      threads,
    ] as const);
  // Side by side in each round: naive and hand-written on one thread, the hand-written step on 2 threads,
  // and the VAE and the AE at once (one worker and one thread each).
  const wasm = { naive: [] as number[], t1: [] as number[], t2: [] as number[], pair: [] as number[] };
  const threadsSeen = { t2: 1 };
  for (let r = 0; r < rounds; r++) {
    const naive = await run('wasm', 'naive', 4, false, 1);
    const t1 = await run('wasm', 'fast', 40, false, 1);
    const t2 = await run('wasm', 'fast', 40, false, 2);
    const pair = await run('wasm', 'fast', 40, true, 1);
    wasm.naive.push(naive.samplesPerSec);
    wasm.t1.push(t1.samplesPerSec);
    wasm.t2.push(t2.samplesPerSec);
    wasm.pair.push(pair.samplesPerSec);
    threadsSeen.t2 = t2.threads ?? 1;
    log(
      `  worker wasm round ${r + 1}/${rounds}: naive ${naive.samplesPerSec.toFixed(0)}, hand-written ${t1.samplesPerSec.toFixed(0)} (1 thread), ` +
        `${t2.samplesPerSec.toFixed(0)} (${t2.threads} threads), VAE + AE at once ${pair.samplesPerSec.toFixed(0)} samples/s`,
    );
  }
  const webgl = { naive: [] as number[], fast: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    const naive = await run('webgl', 'naive', 4, false, 1);
    const fast = await run('webgl', 'fast', 10, false, 1);
    webgl.naive.push(naive.samplesPerSec);
    webgl.fast.push(fast.samplesPerSec);
    log(
      `  worker webgl round ${r + 1}/${rounds}: naive ${naive.samplesPerSec.toFixed(0)}, hand-written ${fast.samplesPerSec.toFixed(0)} samples/s`,
    );
  }
  const row = (
    backend: 'wasm' | 'webgl',
    model: string,
    threads: number | null,
    fast: number[],
    naive: number[] | null,
  ): BrowserTrainResult => {
    const fs = summarize(fast);
    const ns = naive ? summarize(naive) : null;
    return {
      where: 'chromium-worker',
      backend,
      model,
      batch: 128,
      threads,
      naiveSamplesPerSec: ns?.median ?? null,
      samplesPerSec: fs.median,
      speedup: ns ? fs.median / ns.median : null,
      naive: ns,
      fast: fs,
    };
  };
  const results = [
    row('wasm', VAE_ROW, 1, wasm.t1, wasm.naive),
    row('wasm', VAE_ROW, threadsSeen.t2, wasm.t2, null),
    row('wasm', 'vae+ae', 1, wasm.pair, null),
    row('webgl', VAE_ROW, null, webgl.fast, webgl.naive),
  ];
  const renderer = await page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    return gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : null;
  });
  await page.context().close();
  return { train: results, webglRenderer: renderer };
}

async function setTrainingForm(
  page: Page,
  fields: Record<string, string>,
  backend: string,
  trainAe: boolean,
): Promise<void> {
  await page.getByRole('combobox', { name: 'Backend' }).selectOption(backend);
  await page
    .getByRole('status', { name: 'Active backend' })
    .filter({ hasText: `Backend: ${backend}` })
    .waitFor({ timeout: 60_000 });
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
  if (!trainAe) await page.getByLabel('Train AE', { exact: true }).uncheck();
}

/** What bench/stall-probe.mjs saw: its turns (sleep 10 ms, work 3 ms) and those more than 50 ms late. */
export interface OutsideStalls {
  turns: number;
  over50: number;
  stallsMs: number[];
}

/**
 * Runs bench/stall-probe.mjs for `seconds` in a session of its own (its own scheduling group, as another
 * application would be): the page's long tasks beside what the machine does to any process meanwhile.
 */
function outsideStalls(seconds: number): Promise<OutsideStalls> {
  const script = fileURLToPath(new URL('./stall-probe.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, String(seconds)], {
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out) as OutsideStalls) : reject(new Error(`stall-probe exited with ${code}`)),
    );
  });
}

const describeStalls = (s: OutsideStalls) =>
  `a plain process beside it had ${s.over50} of ${s.turns} turns more than 50 ms late${s.over50 ? ` (longest ${Math.max(...s.stallsMs)} ms)` : ''}`;

/** The main thread's tasks over 50 ms (their durations, ms) while `run` runs. */
async function longTasksWhile(page: Page, run: () => Promise<void>): Promise<number[]> {
  const before = await page.evaluate(() => window.__longTasks!.length);
  await run();
  return page.evaluate((n) => window.__longTasks!.slice(n), before);
}

/** A page with the maps drawn, MNIST loaded, and a second to settle. */
async function settledPage(browser: Browser, url: string): Promise<Page> {
  const page = await newPage(browser, url);
  await waitForMaps(page);
  await waitForDataset(page);
  await page.waitForTimeout(1000);
  return page;
}

export async function measureLongTasks(browser: Browser, url: string, seconds: number, log: (s: string) => void) {
  const page = await settledPage(browser, url);
  let outside: Promise<OutsideStalls> | null = null;
  const tasks = await longTasksWhile(page, async () => {
    // The default settings: the VAE and the AE at once, Auto backend.
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    outside = outsideStalls(seconds);
    await page.waitForTimeout(seconds * 1000);
  });
  await page.getByRole('button', { name: 'Pause' }).click();
  const stalls = await outside!;
  log(
    `  long tasks (> 50 ms) on the main thread during ${seconds} s of training (VAE + AE, defaults): ${tasks.length}; ${describeStalls(stalls)}`,
  );
  await page.context().close();
  return {
    longTasksDuringTraining: tasks.length,
    longTaskDurationsMs: tasks,
    outsideStallsDuringTraining: stalls,
    trainingSecondsObserved: seconds,
  };
}

/**
 * Long tasks while a person walks the guided tour: open it, then the next chapter every 4 s with the arrow
 * key (each chapter sets up its models, view and panel), every chapter.
 */
export async function measureTourLongTasks(browser: Browser, url: string, log: (s: string) => void) {
  const page = await settledPage(browser, url);
  let chapters = 0;
  let outside: Promise<OutsideStalls> | null = null;
  const tasks = await longTasksWhile(page, async () => {
    await page.getByRole('button', { name: 'Guided tour' }).click();
    chapters = Number(await page.getByRole('progressbar', { name: 'Tour progress' }).getAttribute('max'));
    outside = outsideStalls(chapters * 4);
    for (let i = 1; i < chapters; i++) {
      await page.waitForTimeout(4000);
      await page.keyboard.press('ArrowRight');
    }
    await page.waitForTimeout(4000);
  });
  const stalls = await outside!;
  log(
    `  long tasks (> 50 ms) on the main thread while walking the ${chapters} tour chapters: ${tasks.length}; ${describeStalls(stalls)}`,
  );
  await page.context().close();
  return {
    longTasksDuringTour: tasks.length,
    tourLongTaskDurationsMs: tasks,
    outsideStallsDuringTour: stalls,
    tourChapters: chapters,
  };
}

export async function measurePosteriorLab(browser: Browser, url: string, repeats: number, log: (s: string) => void) {
  const page = await newPage(browser, url);
  await waitForMaps(page);
  await waitForDataset(page);
  const h = await hook(page);
  const grid = await page.evaluate(([hk, n]) => hk.benchPosteriorGrid('left', 7, n), [h, repeats] as const);
  const posteriorGridMs = summarize(grid);
  log(
    `  201 x 201 grid of log p(x, z) through the vae-2d decoder (explorer worker): median ${posteriorGridMs.median.toFixed(0)} ms`,
  );
  // The hidden half's masked posterior beside the lab's posterior on the same digit, runs alternating, stage
  // by stage: the 201 x 201 grids (p(z | x_v) and p(z | x) from one decoder pass, and 16 completions, against
  // the lab's p(z | x)), and the whole runs (the hidden half's four quadratures against the lab's one).
  const side = await page.evaluate(([hk, n]) => hk.benchHiddenHalf('left', 7, n), [h, repeats] as const);
  const sum = (a: number[], b: number[]) => a.map((v, i) => v + b[i]);
  const hiddenGridMs = summarize(side.hidden.grid);
  const labGridMs = summarize(side.lab.grid);
  const hiddenHalfMs = summarize(sum(side.hidden.quadrature, side.hidden.grid));
  const labPosteriorMs = summarize(sum(side.lab.quadrature, side.lab.grid));
  log(
    `  hidden half (bottom of digit 7, vae-2d): masked posterior on 201 x 201 median ${hiddenGridMs.median.toFixed(0)} ms, the lab's full one ${labGridMs.median.toFixed(0)} ms; whole runs ${hiddenHalfMs.median.toFixed(0)} ms against ${labPosteriorMs.median.toFixed(0)} ms`,
  );
  // The whole lab on one digit (quadrature to the estimators at K = 10,000): long tasks on the page meanwhile.
  const started = Date.now();
  const tasks = await longTasksWhile(page, async () => {
    await page.getByLabel('Lab test digit').fill('7');
    await page.getByRole('button', { name: 'Run the lab' }).click();
    await page.getByRole('table', { name: 'Estimators of log p(x)' }).waitFor({ timeout: 300_000 });
  });
  const labDurationMs = Date.now() - started;
  log(`  posterior lab on digit 7: ${(labDurationMs / 1000).toFixed(1)} s, main-thread tasks > 50 ms: ${tasks.length}`);
  await page.context().close();
  return {
    posteriorGridMs,
    hiddenHalfMs,
    labPosteriorMs,
    hiddenGridMs,
    labGridMs,
    longTasksDuringLab: tasks.length,
    labDurationMs,
  };
}

async function measureTimeToGoodModel(browser: Browser, url: string, log: (s: string) => void) {
  const page = await newPage(browser, url);
  await waitForDataset(page);
  // The default settings, as a person finds them: the VAE and the AE train at once, Auto backend.
  const started = Date.now();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const curve: Array<{ sec: number; epoch: number; negElbo: number }> = [];
  let reached: number | null = null;
  while (Date.now() - started < 300_000 && reached === null) {
    await page.waitForTimeout(250);
    const epochs = await page.evaluate(() => window.__latentExplorer!.trainingEpochs('left'));
    for (const e of epochs.slice(curve.length)) {
      const sec = (Date.now() - started) / 1000;
      curve.push({ sec, epoch: e.epoch, negElbo: e.negElbo ?? NaN });
      log(
        `  time to -ELBO <= 150: epoch ${e.epoch.toFixed(2)}, test -ELBO ${e.negElbo?.toFixed(1)} at ${sec.toFixed(0)} s`,
      );
      if (e.negElbo !== null && e.negElbo <= 150 && reached === null) reached = sec;
    }
  }
  if (await page.getByRole('button', { name: 'Pause' }).isVisible())
    await page.getByRole('button', { name: 'Pause' }).click();
  await page.context().close();
  return { timeToNegElbo150Sec: reached, negElboCurve: curve };
}

async function measureMemory(browser: Browser, url: string, log: (s: string) => void) {
  const page = await newPage(browser, url);
  await waitForDataset(page);
  await setTrainingForm(page, { Epochs: '100', 'VAE hidden sizes': '64', 'AE hidden sizes': '64' }, 'wasm', false);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const at = async (steps: number) => {
    await page.waitForFunction((n) => window.__latentExplorer!.trainingSteps().left >= n, steps, {
      timeout: 600_000,
      polling: 200,
    });
    const tensors = await page.evaluate(() => window.__latentExplorer!.workerTensors());
    const heap = await page.evaluate(() => window.__latentExplorer!.measureMemory());
    const actual = await page.evaluate(() => window.__latentExplorer!.trainingSteps().left);
    log(
      `  memory at step ${actual}: ${tensors} tensors in the worker, ${heap === null ? 'heap not measurable' : `${(heap / 2 ** 20).toFixed(1)} MiB page + workers`}`,
    );
    return { tensors, heap };
  };
  const early = await at(100);
  const middle = await at(5_000);
  const late = await at(10_000);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.context().close();
  return {
    tensorsAfter100Steps: early.tensors,
    tensorsAfter10kSteps: late.tensors,
    memoryModel: '784-64-2 VAE, batch 128, wasm',
    heapBytesAfter100Steps: early.heap,
    heapBytesAfter5kSteps: middle.heap,
    heapBytesAfter10kSteps: late.heap,
  };
}

export async function benchBrowser(url: string, log: (s: string) => void, quick: boolean): Promise<BrowserResults> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  try {
    const version = browser.version();
    log('start-up');
    const startup = await measureStartup(browser, url, quick ? 2 : 5, log);
    log('interaction');
    const interaction = await measureInteraction(browser, url, log);
    log('training throughput in the worker');
    const training = await measureWorkerTraining(browser, url, quick ? 1 : 3, log);
    log('long tasks while training');
    const longTasks = await measureLongTasks(browser, url, quick ? 8 : 20, log);
    log('long tasks while walking the guided tour');
    const tour = await measureTourLongTasks(browser, url, log);
    log('posterior lab');
    const lab = await measurePosteriorLab(browser, url, quick ? 3 : 5, log);
    log('time to a good model (default settings)');
    const good = await measureTimeToGoodModel(browser, url, log);
    log('memory over 10,000 steps');
    const memory = await measureMemory(browser, url, log);
    return {
      chromium: version,
      ...startup,
      ...interaction,
      ...training,
      ...longTasks,
      ...tour,
      ...lab,
      ...good,
      ...memory,
    };
  } finally {
    await browser.close();
  }
}
