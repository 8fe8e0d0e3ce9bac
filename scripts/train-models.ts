/**
 * Trains the shipped models on the full 60,000 MNIST training digits, in Node
 * with the tfjs wasm backend and the same src/model code and training step as
 * the browser, evaluates each on the 10,000 test digits and writes models/.
 *
 *   npm run train:models                      all models (about an hour and a half here)
 *   npm run train:models -- --only vae-2d     some of them
 *   npm run train:models -- --epochs 2 --out /tmp/models   a quick smoke run
 */
import * as tf from '@tensorflow/tfjs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadMnistFromPackage } from './lib/node-mnist';
import { writeModelFiles } from './lib/node-model-files';
import { initNodeBackend } from './lib/node-tf';
import { formatDuration, ProgressBar } from './lib/progress';
import { INPUT_DIM, REFERENCE_VAE_CONFIG, architectureName, type ModelConfig } from '../src/model/config';
import { batchesPerEpoch, epochOrder } from '../src/model/epochs';
import { estimateNegLogLikelihood, evaluate } from '../src/model/evaluate';
import { modelToFiles } from '../src/model/layersFormat';
import type { ModelMeta } from '../src/model/meta';
import { encodePosteriors, POSTERIORS_FILE, posteriorsToBytes } from '../src/model/posteriorsFile';
import { disposeParams, initParams } from '../src/model/params';
import { learningRateAt, type LearningRateSchedule } from '../src/model/schedule';
import { createTrainer } from '../src/model/trainer';
import { gatherBatch, sliceImages, type MnistData } from '../src/data/mnist';

interface ModelSpec {
  id: string;
  name: string;
  description: string;
  config: ModelConfig;
  epochs: number;
  schedule: LearningRateSchedule;
}

const IWAE_K = 100;

/** The shipped models, in the order the app lists them. */
export const MODEL_SPECS: ModelSpec[] = [
  {
    id: 'vae-2d',
    name: 'VAE, 2-D latent',
    description: 'The reference VAE: 784-512-256-2, Bernoulli likelihood, beta 1.',
    config: { ...REFERENCE_VAE_CONFIG },
    epochs: 80,
    schedule: { base: 1e-3, holdFraction: 0.5, finalFactor: 0.05 },
  },
  {
    id: 'ae-2d',
    name: 'AE, 2-D code',
    description: 'A plain autoencoder of exactly the same shape as vae-2d: no KL term, a point instead of a posterior.',
    config: { ...REFERENCE_VAE_CONFIG, kind: 'ae' },
    epochs: 40,
    schedule: { base: 1e-3, holdFraction: 0.5, finalFactor: 0.05 },
  },
  {
    id: 'vae-20d',
    name: 'VAE, 20-D latent',
    description: '784-400-20 VAE, Bernoulli likelihood, beta 1: enough latent room for sharp digits.',
    config: { ...REFERENCE_VAE_CONFIG, latentDim: 20, hidden: [400] },
    epochs: 100,
    schedule: { base: 1e-3, holdFraction: 0.5, finalFactor: 0.05 },
  },
  {
    id: 'beta4-vae-2d',
    name: 'beta-VAE (beta 4), 2-D latent',
    description: 'vae-2d with the KL weighted by 4: tighter, rounder posteriors at the cost of reconstruction.',
    config: { ...REFERENCE_VAE_CONFIG, beta: 4 },
    epochs: 40,
    schedule: { base: 1e-3, holdFraction: 0.5, finalFactor: 0.05 },
  },
];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function trainOne(spec: ModelSpec, data: MnistData, testImages: Float32Array, epochs: number, outDir: string) {
  const { config } = spec;
  const params = initParams(config);
  const trainer = createTrainer(params);
  const stepsPerEpoch = batchesPerEpoch(data.train.count, config.batchSize);
  const totalSteps = epochs * stepsPerEpoch;
  const buffer = new Float32Array(config.batchSize * INPUT_DIM);
  console.log(
    `\n== ${spec.id}: ${config.kind.toUpperCase()} ${architectureName(config)}, beta ${config.beta}, ${epochs} epochs of ${stepsPerEpoch} batches of ${config.batchSize}`,
  );
  const started = performance.now();
  const bar = new ProgressBar(spec.id, totalSteps);
  let runningLoss = NaN;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = epochOrder(data.train.count, config.seed, epoch);
    for (let b = 0; b < stepsPerEpoch; b++) {
      const step = epoch * stepsPerEpoch + b;
      trainer.setLearningRate(learningRateAt(spec.schedule, step, totalSteps));
      const x = tf.tensor2d(gatherBatch(data.train.images, order, b * config.batchSize, config.batchSize, buffer), [
        config.batchSize,
        INPUT_DIM,
      ]);
      if (step % 50 === 0) {
        const metrics = trainer.step(x);
        const [, , negElbo, loss] = await metrics.data();
        metrics.dispose();
        if (!Number.isFinite(loss)) throw new Error(`${spec.id}: loss became ${loss} at step ${step}`);
        const value = config.kind === 'vae' ? negElbo : loss;
        runningLoss = Number.isNaN(runningLoss) ? value : 0.5 * runningLoss + 0.5 * value;
        bar.update(step + 1, `train ${config.kind === 'vae' ? '-ELBO' : 'recon'} ~${runningLoss.toFixed(1)}`);
      } else {
        trainer.stepWithoutMetrics(x);
      }
      x.dispose();
    }
    bar.update((epoch + 1) * stepsPerEpoch, `train ~${runningLoss.toFixed(1)}`);
    if ((epoch + 1) % 10 === 0 && epoch + 1 < epochs) {
      const m = await evaluate(params, testImages, { seed: 7 });
      console.log(
        `\n   epoch ${epoch + 1}: test reconstruction ${m.reconstruction.toFixed(2)}${m.negElbo !== null ? `, KL ${m.kl?.toFixed(2)}, -ELBO ${m.negElbo.toFixed(2)}` : ''} nats`,
      );
    }
  }
  const trainingSeconds = (performance.now() - started) / 1000;
  trainer.dispose();

  console.log(`   trained in ${formatDuration(trainingSeconds)}; evaluating on the ${data.test.count} test digits`);
  const metrics = await evaluate(params, testImages, { seed: 7 });
  let iwae: Awaited<ReturnType<typeof estimateNegLogLikelihood>> | null = null;
  if (config.kind === 'vae') {
    const iwaeBar = new ProgressBar(`${spec.id} IWAE K=${IWAE_K}`, 100, '%');
    iwae = await estimateNegLogLikelihood(params, testImages, IWAE_K, {
      seed: 11,
      onProgress: (f) => iwaeBar.update(Math.round(f * 100)),
    });
  }
  const meta: ModelMeta = {
    name: spec.name,
    description: spec.description,
    kind: config.kind,
    latentDim: config.latentDim,
    hidden: config.hidden,
    likelihood: config.likelihood,
    beta: config.beta,
    epochs,
    seed: config.seed,
    trainedOn: 'mnist-train-60000',
    learningRate: config.learningRate,
    batchSize: config.batchSize,
    klWarmupSteps: config.klWarmupSteps,
    trainingSeconds: Math.round(trainingSeconds),
    createdAt: new Date().toISOString(),
    testMetrics: {
      reconstruction: round(metrics.reconstruction),
      kl: metrics.kl === null ? null : round(metrics.kl),
      negElbo: metrics.negElbo === null ? null : round(metrics.negElbo),
      ...(iwae ? { iwaeNegLogLikelihood: round(iwae.negLogLikelihood), K: IWAE_K } : {}),
      ...(metrics.klPerDimension ? { klPerDimension: metrics.klPerDimension.map(round) } : {}),
      count: metrics.count,
    },
  };
  await writeModelFiles(join(outDir, spec.id), await modelToFiles(params, meta));
  const posteriors = await encodePosteriors(params, testImages, data.test.count);
  await writeFile(join(outDir, spec.id, POSTERIORS_FILE), posteriorsToBytes(posteriors));
  disposeParams(params);
  const t = meta.testMetrics;
  console.log(
    `   ${spec.id}: test reconstruction ${t?.reconstruction}, KL ${t?.kl}, -ELBO ${t?.negElbo}` +
      (iwae ? `, -log p(x) (IWAE, K=${IWAE_K}) ${t?.iwaeNegLogLikelihood}` : '') +
      ' nats per image',
  );
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

async function writeIndex(outDir: string): Promise<void> {
  const present = new Set(await readdir(outDir));
  const known = MODEL_SPECS.map((s) => s.id).filter((id) => present.has(id));
  await writeFile(join(outDir, 'index.json'), JSON.stringify({ models: known }, null, 2) + '\n');
}

async function main(): Promise<void> {
  const only = option('only')?.split(',');
  const epochsOverride = option('epochs');
  const outDir = option('out') ?? 'models';
  const specs = MODEL_SPECS.filter((s) => !only || only.includes(s.id));
  if (specs.length === 0) throw new Error(`no model matches --only ${only?.join(',')}`);
  console.log(`tfjs backend: ${await initNodeBackend('wasm')}`);
  const data = await loadMnistFromPackage();
  const testImages = sliceImages(data.test.images, 0, data.test.count);
  await mkdir(outDir, { recursive: true });
  for (const spec of specs) {
    await trainOne(spec, data, testImages, epochsOverride ? Number(epochsOverride) : spec.epochs, outDir);
    await writeIndex(outDir);
  }
  console.log(`\nwrote ${specs.map((s) => s.id).join(', ')} to ${outDir}/`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
