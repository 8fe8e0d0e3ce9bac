/**
 * npm run bench: builds the app, serves it on localhost, drives Debian's
 * headless Chromium, runs the Node training figures, prints a markdown table
 * and writes bench/results/latest.json. A benchmark, not a test: it asserts
 * nothing about time. Medians over repeated runs (min and max beside them);
 * ratios are measured side by side in the same run.
 *
 *   npm run bench               the full run (~10 minutes on 2 cores)
 *   npm run bench -- --quick    fewer repeats, for a smoke check
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { build, preview } from 'vite';
import * as tf from '@tensorflow/tfjs';
import { bundleSizes, type BundleFile } from './bundles';
import { benchBrowser, type BrowserResults, type BrowserTrainResult } from './browser';
import { fmt } from './stats';
import { benchNodeTraining, nodeTrainTable, type NodeTrainResult } from './train-node';

const PORT = 4193;
const quick = process.argv.includes('--quick');
const log = (s: string) => process.stderr.write(`${s}\n`);

const kib = (b: number) => `${fmt(b / 1024)} KiB`;
const ms = (x: number | null | undefined, d = 1) =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : `${x.toFixed(d)} ms`;

function memoryRow(b: BrowserResults): string {
  const [a, m, z] = [b.heapBytesAfter100Steps, b.heapBytesAfter5kSteps, b.heapBytesAfter10kSteps];
  if (a === null || m === null || z === null) return 'not measurable';
  const mib = (x: number) => (x / 2 ** 20).toFixed(1);
  const growth = (from: number, to: number) => `${(((to - from) / from) * 100).toFixed(1)}%`;
  return `${mib(a)} / ${mib(m)} / ${mib(z)} MiB (${growth(a, z)} overall, ${growth(m, z)} over the second 5,000)`;
}

function table(node: NodeTrainResult, b: BrowserResults, bundles: BundleFile[]): string {
  const one = b.train.find((t) => t.backend === 'wasm' && t.model !== 'vae+ae' && t.threads === 1);
  const ratio = (t: BrowserTrainResult, base: BrowserTrainResult | undefined) =>
    base?.samplesPerSec && t.samplesPerSec ? `${(t.samplesPerSec / base.samplesPerSec).toFixed(2)}x` : '–';
  const rows: string[] = [
    '| measure | median | min | max | target |',
    '| --- | ---: | ---: | ---: | --- |',
    `| MNIST load + parse, 70,000 digits (worker) | ${ms(b.dataLoadMs.median, 0)} | ${ms(b.dataLoadMs.min, 0)} | ${ms(b.dataLoadMs.max, 0)} | < 2,000 ms |`,
    `| navigation to interactive latent maps (shipped models) | ${ms(b.timeToInteractiveMs.median, 0)} | ${ms(b.timeToInteractiveMs.min, 0)} | ${ms(b.timeToInteractiveMs.max, 0)} | < 1,500 ms |`,
    `| first contentful paint | ${ms(b.firstContentfulPaintMs.median, 0)} | ${ms(b.firstContentfulPaintMs.min, 0)} | ${ms(b.firstContentfulPaintMs.max, 0)} | |`,
    '',
    '| interaction | p50 | p95 | runs | target |',
    '| --- | ---: | ---: | ---: | --- |',
    `| click to decoded image drawn | ${ms(b.decodeClickMs.p50)} | ${ms(b.decodeClickMs.p95)} | ${b.decodeClickMs.runs} | p95 < 16 ms |`,
    `| of which the page's own work (click handler to image drawn) | ${ms(b.decodeHandlerMs.p50)} | ${ms(b.decodeHandlerMs.p95)} | ${b.decodeHandlerMs.runs} | p95 <= 8 ms |`,
    `| of which the explorer worker's round trip (handler to reply) | ${ms(b.decodeRoundTripMs.p50)} | ${ms(b.decodeRoundTripMs.p95)} | ${b.decodeRoundTripMs.runs} | |`,
    `| click to the next frame after the draw (display refresh included) | ${ms(b.decodeClickToFrameMs.p50)} | ${ms(b.decodeClickToFrameMs.p95)} | ${b.decodeClickToFrameMs.runs} | |`,
    `| redraw 10,000 means + sigma ellipses | ${ms(b.mapRedrawMs.p50, 2)} | ${ms(b.mapRedrawMs.p95, 2)} | ${b.mapRedrawMs.runs} | < 8 ms |`,
    `| slider drag: decoded images per second (60 Hz display) | ${b.sliderFps.toFixed(1)} | | | >= 59 |`,
    `| posterior lab: log p(x, z) on a 201 x 201 grid (vae-2d, explorer worker) | ${ms(b.posteriorGridMs.median, 0)} | | ${b.posteriorGridMs.runs} | < 1,500 ms |`,
    `| hidden half: p(z \\| x_v) and p(z \\| x) on 201 x 201 from one decoder pass, 16 completions (vae-2d, digit 7, bottom half) | ${ms(b.hiddenGridMs.median, 0)} | ${ms(b.hiddenGridMs.min, 0)} | ${ms(b.hiddenGridMs.max, 0)} | <= the lab's full posterior on 201 x 201, side by side: ${ms(b.labGridMs.median, 0)} (${(b.hiddenGridMs.median / b.labGridMs.median).toFixed(2)}x) |`,
    `| hidden half, whole run: 4 quadratures and the above | ${ms(b.hiddenHalfMs.median, 0)} | ${ms(b.hiddenHalfMs.min, 0)} | ${ms(b.hiddenHalfMs.max, 0)} | the lab's (1 quadrature and its grid): ${ms(b.labPosteriorMs.median, 0)} (${(b.hiddenHalfMs.median / b.labPosteriorMs.median).toFixed(2)}x) |`,
    '',
    '| training (784-512-256-2, batch 128) | threads | naive minimize | hand-written | speed-up | target |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    `| Node, wasm, VAE | 1 | ${fmt(node.naiveSamplesPerSec)} samples/s | ${fmt(node.samplesPerSec)} samples/s | ${node.speedup.toFixed(1)}x | >= 8x |`,
    ...b.train.map((t) => {
      const what = t.model === 'vae+ae' ? 'VAE + AE at once, summed' : 'VAE';
      const target =
        t.backend === 'webgl'
          ? ''
          : t.model === 'vae+ae'
            ? `>= 1.7x the VAE alone on 1 thread (${ratio(t, one)})`
            : t.threads === 1
              ? '>= 8x'
              : `>= 1.6x 1 thread (${ratio(t, one)}); best >= 5,500 samples/s`;
      return `| Chromium worker, ${t.backend}, ${what} | ${t.threads ?? '–'} | ${t.naiveSamplesPerSec === null ? '–' : `${fmt(t.naiveSamplesPerSec)} samples/s`} | ${t.samplesPerSec === null ? '–' : `${fmt(t.samplesPerSec)} samples/s`} | ${t.speedup === null ? '–' : `${t.speedup.toFixed(1)}x`} | ${target} |`;
    }),
    '',
    '| while training | value | target |',
    '| --- | ---: | --- |',
    `| main-thread tasks > 50 ms during ${b.trainingSecondsObserved} s of training (VAE + AE, default settings) | ${b.longTasksDuringTraining} | 0 |`,
    `| main-thread tasks > 50 ms while the posterior lab runs on one digit (${(b.labDurationMs / 1000).toFixed(0)} s) | ${b.longTasksDuringLab} | 0 |`,
    `| main-thread tasks > 50 ms while walking the ${b.tourChapters} chapters of the guided tour (4 s each) | ${b.longTasksDuringTour} | 0 |`,
    `| the machine meanwhile: turns of a plain process beside the page (bench/stall-probe.mjs) > 50 ms late, training / tour | ${b.outsideStallsDuringTraining.over50} of ${b.outsideStallsDuringTraining.turns} / ${b.outsideStallsDuringTour.over50} of ${b.outsideStallsDuringTour.turns} | (the machine's, not the page's) |`,
    `| time from Train (default settings: VAE + AE at once, Auto backend) to the VAE's test -ELBO <= 150 | ${b.timeToNegElbo150Sec === null ? 'not reached in 300 s' : `${b.timeToNegElbo150Sec.toFixed(0)} s`} | <= 60 s |`,
    `| worker tensors after 100 / 10,000 steps (${b.memoryModel}) | ${b.tensorsAfter100Steps} / ${b.tensorsAfter10kSteps} | equal |`,
    `| page + worker memory after 100 / 5,000 / 10,000 steps | ${memoryRow(b)} | growth < 5% |`,
    '',
    '| bundle file | size | gzip |',
    '| --- | ---: | ---: |',
    ...bundles.map((f) => `| ${f.file} | ${kib(f.bytes)} | ${kib(f.gzipBytes)} |`),
  ];
  return rows.join('\n');
}

async function main(): Promise<void> {
  log('building the app');
  execFileSync('node', ['scripts/prepare-data.mjs'], { stdio: 'inherit' });
  await build({ logLevel: 'warn' });
  const server = await preview({ preview: { port: PORT, strictPort: true, host: '127.0.0.1' }, logLevel: 'warn' });
  let browserResults: BrowserResults;
  try {
    browserResults = await benchBrowser(`http://127.0.0.1:${PORT}/`, log, quick);
  } finally {
    await server.close();
  }
  log('Node training figures');
  const node = await benchNodeTraining('wasm', quick ? 2 : 5);
  const bundles = bundleSizes();
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    chromium: browserResults.chromium,
    webglRenderer: browserResults.webglRenderer,
    tfjs: tf.version.tfjs,
    date: new Date().toISOString(),
  };
  const { train, ...browser } = browserResults;
  const json = {
    machine,
    train: [node, ...train],
    ...browser,
    bundle: bundles,
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/latest.json', JSON.stringify(json, null, 2) + '\n');
  console.log(
    `\nMachine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, Chromium ${machine.chromium}, WebGL: ${machine.webglRenderer ?? 'none'}\n`,
  );
  console.log(table(node, browserResults, bundles));
  console.log(`\n${nodeTrainTable(node)}\n\nWrote bench/results/latest.json`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
