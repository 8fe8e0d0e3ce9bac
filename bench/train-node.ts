/**
 * Training speed in Node on the wasm backend, through the one training loop
 * (src/model/training/session.ts) on real MNIST batches, side by side in one
 * run: the fast path (fast layer ops + autodiff + the fused Adam) against
 * plain optimizer.minimize on the reference model (784-512-256-2 VAE, batch
 * 128); the fast path with tfjs's own Adam (does the fused Adam pay?); and
 * every model family's speed. Prints markdown tables and writes
 * bench/results/node.json.
 *
 *   npm run bench:node [-- --rounds 5]
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { summarize, fmt, type Summary } from './stats';
import { loadMnistFromPackage } from '../scripts/lib/node-mnist';
import { initNodeBackend, type NodeBackend } from '../scripts/lib/node-tf';
import { REFERENCE_VAE_CONFIG, type ModelConfig } from '../src/model/config';
import { architectureName } from '../src/model/familyInfo';
import { familyInfo } from '../src/model/familyInfo';
import { createTrainer, type GradientMode } from '../src/model/training/trainer';
import { initParams, disposeParams } from '../src/model/params';
import { BatchStream } from '../src/model/training/batches';
import { DEFAULT_RUN_PLAN } from '../src/model/training/events';
import { TrainingSession } from '../src/model/training/session';
import type { MnistData } from '../src/data/mnist';

export interface NodeTrainResult {
  where: 'node';
  backend: NodeBackend;
  model: string;
  batch: number;
  naiveSamplesPerSec: number;
  samplesPerSec: number;
  speedup: number;
  naive: Summary;
  fast: Summary;
  /** Fast step with the loss computed on every step instead of every 10th. */
  fastMetricsEveryStep: Summary;
  /** Largest |fast - naive| over the first steps' losses, relative to the loss. */
  maxRelativeLossDifference: number;
  /** samples/s of each family's fast path, same shape and batches. */
  families: Array<{ model: string; family: string; samplesPerSec: Summary }>;
}

function argNumber(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const PLAN = { ...DEFAULT_RUN_PLAN, epochs: 1000, evalEveryEpochs: 1000, publish: null };

/** Samples per second of one model over `steps` real batches through the training loop, metrics every `metricsEvery`. */
export async function timeSteps(
  data: MnistData,
  config: ModelConfig,
  mode: GradientMode,
  steps: number,
  metricsEvery: number,
): Promise<number> {
  const session = new TrainingSession(data, config, PLAN, () => {}, { mode });
  await session.trainSteps(2, 1); // warm-up: kernels, XNNPACK operators, Adam state
  const start = performance.now();
  await session.trainSteps(steps, metricsEvery);
  const seconds = (performance.now() - start) / 1000;
  session.dispose();
  return (steps * config.batchSize) / seconds;
}

/** Both paths from the same weights, batches and noise: the largest relative loss difference over `steps`. */
async function compareLosses(data: MnistData, config: ModelConfig, steps: number): Promise<number> {
  const fastParams = initParams(config);
  const naiveParams = initParams(config);
  const fast = createTrainer(fastParams, 'fast');
  const naive = createTrainer(naiveParams, 'naive');
  const batches = new BatchStream(data.train, config.batchSize, config.seed);
  let worst = 0;
  for (let i = 0; i < steps; i++) {
    const x = batches.batch(0, i);
    const a = fast.step(x);
    const b = naive.step(x);
    const [fa, na] = await Promise.all([a.data(), b.data()]);
    worst = Math.max(worst, Math.abs(fa[3] - na[3]) / Math.abs(na[3]));
    tf.dispose([a, b, x]);
  }
  fast.dispose();
  naive.dispose();
  disposeParams(fastParams);
  disposeParams(naiveParams);
  return worst;
}

/** The families, in the reference shape. */
export const FAMILY_BENCH_CONFIGS: Array<{ name: string; config: ModelConfig }> = [
  { name: 'VAE', config: REFERENCE_VAE_CONFIG },
  { name: 'AE', config: { ...REFERENCE_VAE_CONFIG, kind: 'ae' } },
  { name: 'VAE, mixture prior K = 10', config: { ...REFERENCE_VAE_CONFIG, prior: { kind: 'mog', components: 10 } } },
  { name: 'VQ-VAE, K = 64', config: { ...REFERENCE_VAE_CONFIG, kind: 'vq-vae' } },
  { name: 'flow VAE, T = 4', config: { ...REFERENCE_VAE_CONFIG, kind: 'flow-vae' } },
  { name: 'full-covariance VAE', config: { ...REFERENCE_VAE_CONFIG, kind: 'fullcov-vae' } },
  {
    name: 'conv VAE, the Keras shape (Conv2D 32, 64; Dense 16)',
    config: { ...REFERENCE_VAE_CONFIG, kind: 'conv-vae', convFilters: [32, 64], hidden: [16] },
  },
  {
    name: "conv VAE, conv-vae-2d's shape (Conv2D 16, 32; Dense 128)",
    config: { ...REFERENCE_VAE_CONFIG, kind: 'conv-vae', convFilters: [16, 32], hidden: [128] },
  },
];

export async function benchNodeTraining(backend: NodeBackend = 'wasm', rounds = 5): Promise<NodeTrainResult> {
  await initNodeBackend(backend);
  const data = await loadMnistFromPackage();
  const config = REFERENCE_VAE_CONFIG;
  const maxRelativeLossDifference = await compareLosses(data, config, 20);
  const naive: number[] = [];
  const fast: number[] = [];
  const fastEvery: number[] = [];
  const families = FAMILY_BENCH_CONFIGS.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    // Interleaved, so drift in the machine's speed hits every path alike.
    naive.push(await timeSteps(data, config, 'naive', 5, 1));
    fast.push(await timeSteps(data, config, 'fast', 40, 10));
    fastEvery.push(await timeSteps(data, config, 'fast', 40, 1));
    for (const [i, f] of FAMILY_BENCH_CONFIGS.entries())
      families[i].push(await timeSteps(data, f.config, 'fast', 30, 10));
    process.stderr.write(
      `round ${round + 1}/${rounds}: naive ${fmt(naive[round])}, fast ${fmt(fast[round])} samples/s; ` +
        FAMILY_BENCH_CONFIGS.map((f, i) => `${f.name} ${fmt(families[i][round])}`).join(', ') +
        '\n',
    );
  }
  const naiveSummary = summarize(naive);
  const fastSummary = summarize(fast);
  return {
    where: 'node',
    backend,
    model: architectureName(config),
    batch: config.batchSize,
    naiveSamplesPerSec: naiveSummary.median,
    samplesPerSec: fastSummary.median,
    speedup: fastSummary.median / naiveSummary.median,
    naive: naiveSummary,
    fast: fastSummary,
    fastMetricsEveryStep: summarize(fastEvery),
    maxRelativeLossDifference,
    families: FAMILY_BENCH_CONFIGS.map((f, i) => ({
      model: architectureName(f.config),
      family: f.name,
      samplesPerSec: summarize(families[i]),
    })),
  };
}

export function nodeTrainTable(r: NodeTrainResult): string {
  const row = (name: string, s: Summary) =>
    `| ${name} | ${fmt(s.median)} | ${fmt(s.min)} | ${fmt(s.max)} | ${s.runs} |`;
  return [
    `Training speed, Node, tfjs ${r.backend} backend, ${r.model}, batch ${r.batch} (samples/s):`,
    '',
    '| step | median | min | max | runs |',
    '| --- | ---: | ---: | ---: | ---: |',
    row('naive optimizer.minimize (VAE)', r.naive),
    row('fast path: fast layer ops + autodiff + fused Adam (VAE; loss read every 10 steps)', r.fast),
    row('fast path, loss read every step', r.fastMetricsEveryStep),
    ...r.families.map((f) => row(`fast path, ${f.family}`, f.samplesPerSec)),
    '',
    `Speed-up of the fast path (medians): ${r.speedup.toFixed(1)}x. ` +
      `Largest relative loss difference over 20 steps: ${r.maxRelativeLossDifference.toExponential(1)}.`,
    `Families (${familyInfo('vae').label}, ...) all train through the same loop and the same fast layer ops; none has a backward pass of its own.`,
  ].join('\n');
}

async function main(): Promise<void> {
  const rounds = argNumber('rounds', 5);
  const result = await benchNodeTraining('wasm', rounds);
  console.log(nodeTrainTable(result));
  mkdirSync('bench/results', { recursive: true });
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    node: process.version,
    tfjs: tf.version.tfjs,
  };
  writeFileSync('bench/results/node.json', JSON.stringify({ machine, train: [result] }, null, 2) + '\n');
}

if (process.argv[1]?.endsWith('train-node.ts')) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
