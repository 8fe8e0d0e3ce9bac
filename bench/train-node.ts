/**
 * Training speed in Node on the wasm backend: the hand-written backward pass
 * (src/model/gradients.ts) against plain optimizer.minimize, side by side in
 * one run, on the reference model (784-512-256-2 VAE, batch 128) and real
 * MNIST batches. Prints a markdown table and writes bench/results/node.json.
 *
 *   npm run bench:node [-- --rounds 5]
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { summarize, fmt, type Summary } from './stats';
import { loadMnistFromPackage } from '../scripts/lib/node-mnist';
import { initNodeBackend, type NodeBackend } from '../scripts/lib/node-tf';
import { architectureName, INPUT_DIM, REFERENCE_VAE_CONFIG, type ModelConfig } from '../src/model/config';
import { gatherBatch, type MnistSplit } from '../src/data/mnist';
import { initParams, disposeParams } from '../src/model/params';
import { createTrainer, type GradientMode } from '../src/model/trainer';
import { createRng, shuffledIndices } from '../src/lib/rng';

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
}

function argNumber(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Steps per second of one trainer over `steps` real batches, metrics read every `metricsEvery`. */
async function timeSteps(
  config: ModelConfig,
  mode: GradientMode,
  train: MnistSplit,
  steps: number,
  metricsEvery: number,
): Promise<number> {
  const params = initParams(config);
  const trainer = createTrainer(params, mode);
  const order = shuffledIndices(train.count, createRng(config.seed));
  const buffer = new Float32Array(config.batchSize * INPUT_DIM);
  const runStep = async (i: number) => {
    const x = tf.tensor2d(gatherBatch(train.images, order, i * config.batchSize, config.batchSize, buffer), [
      config.batchSize,
      INPUT_DIM,
    ]);
    if (i % metricsEvery === 0) {
      const metrics = trainer.step(x);
      await metrics.data();
      metrics.dispose();
    } else {
      trainer.stepWithoutMetrics(x);
    }
    x.dispose();
  };
  for (let i = 0; i < 2; i++) await runStep(i); // warm-up: kernels, XNNPACK operators, Adam state
  const start = performance.now();
  for (let i = 2; i < steps + 2; i++) await runStep(i);
  const seconds = (performance.now() - start) / 1000;
  trainer.dispose();
  disposeParams(params);
  return (steps * config.batchSize) / seconds;
}

/** Both paths from the same weights, batches and noise: the largest relative loss difference over `steps`. */
async function compareLosses(config: ModelConfig, train: MnistSplit, steps: number): Promise<number> {
  const fastParams = initParams(config);
  const naiveParams = initParams(config);
  const fast = createTrainer(fastParams, 'fast');
  const naive = createTrainer(naiveParams, 'naive');
  const order = shuffledIndices(train.count, createRng(config.seed));
  let worst = 0;
  for (let i = 0; i < steps; i++) {
    const x = tf.tensor2d(gatherBatch(train.images, order, i * config.batchSize, config.batchSize), [
      config.batchSize,
      INPUT_DIM,
    ]);
    const a = fast.step(x);
    const b = naive.step(x);
    const [fa, na] = await Promise.all([a.data(), b.data()]);
    // loss is the last entry
    worst = Math.max(worst, Math.abs(fa[3] - na[3]) / Math.abs(na[3]));
    tf.dispose([a, b, x]);
  }
  fast.dispose();
  naive.dispose();
  disposeParams(fastParams);
  disposeParams(naiveParams);
  return worst;
}

export async function benchNodeTraining(backend: NodeBackend = 'wasm', rounds = 5): Promise<NodeTrainResult> {
  await initNodeBackend(backend);
  const { train } = await loadMnistFromPackage();
  const config = REFERENCE_VAE_CONFIG;
  const maxRelativeLossDifference = await compareLosses(config, train, 20);
  const naive: number[] = [];
  const fast: number[] = [];
  const fastEvery: number[] = [];
  for (let round = 0; round < rounds; round++) {
    // Interleaved, so drift in the machine's speed hits both paths alike.
    naive.push(await timeSteps(config, 'naive', train, 5, 1));
    fast.push(await timeSteps(config, 'fast', train, 40, 10));
    fastEvery.push(await timeSteps(config, 'fast', train, 40, 1));
    process.stderr.write(
      `round ${round + 1}/${rounds}: naive ${fmt(naive[round])}, fast ${fmt(fast[round])} samples/s\n`,
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
  };
}

export function nodeTrainTable(r: NodeTrainResult): string {
  const row = (name: string, s: Summary) =>
    `| ${name} | ${fmt(s.median)} | ${fmt(s.min)} | ${fmt(s.max)} | ${s.runs} |`;
  return [
    `Training speed, Node, tfjs ${r.backend} backend, ${r.model} VAE, batch ${r.batch} (samples/s):`,
    '',
    '| step | median | min | max | runs |',
    '| --- | ---: | ---: | ---: | ---: |',
    row('naive optimizer.minimize', r.naive),
    row('hand-written backward (loss read every 10 steps)', r.fast),
    row('hand-written backward (loss every step)', r.fastMetricsEveryStep),
    '',
    `Speed-up (medians): ${r.speedup.toFixed(1)}x. Largest relative loss difference over 20 steps: ${r.maxRelativeLossDifference.toExponential(1)}.`,
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
