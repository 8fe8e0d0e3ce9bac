/**
 * Trains the shipped models on the full 60,000 training images of their
 * dataset (MNIST, or Fashion-MNIST for the fashion- ones), in Node
 * with the tfjs wasm backend and the very training loop the page runs
 * (src/model/training/session.ts), evaluates each on the 10,000 test digits
 * and writes models/.
 *
 *   npm run train:models                      all models (about three hours here, one core each)
 *   npm run train:models -- --only vae-2d     some of them
 *   npm run train:models -- --epochs 2 --out /tmp/models   a quick smoke run
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadDatasetFromDisk } from './lib/node-mnist';
import { writeModelFiles } from './lib/node-model-files';
import { initNodeBackend } from './lib/node-tf';
import { formatDuration, ProgressBar } from './lib/progress';
import { REFERENCE_VAE_CONFIG, type ModelConfig } from '../src/model/config';
import { architectureName } from '../src/model/familyInfo';
import { estimateNegLogLikelihood, evaluate } from '../src/model/evaluate';
import { familyInfo } from '../src/model/familyInfo';
import { modelToFiles } from '../src/model/format/layersModel';
import { configMeta, type ModelMeta } from '../src/model/format/meta';
import { testMetricsOf } from '../src/model/testMetrics';
import { encodePosteriors, POSTERIORS_FILE, posteriorsToBytes } from '../src/model/format/posteriorsFile';
import type { RunPlan, TrainingEvent } from '../src/model/training/events';
import { TrainingSession } from '../src/model/training/session';
import { trainedOnLabel, type DatasetId } from '../src/data/datasets';
import { sliceImages, type MnistData } from '../src/data/mnist';

interface ModelSpec {
  id: string;
  /** Trained on and evaluated against this dataset's splits. */
  dataset: DatasetId;
  name: string;
  description: string;
  config: ModelConfig;
  epochs: number;
  /** Held at the config's learning rate for this share of the run, then cosine-decayed to `finalFactor` of it. */
  schedule: { holdFraction: number; finalFactor: number };
  /** Test-set evaluations every this many epochs (default 10): a curve to show needs more. */
  evalEveryEpochs?: number;
}

const IWAE_K = 100;
const ANNEALED = { holdFraction: 0.5, finalFactor: 0.05 };

/** The shipped models, in the order the app lists them. */
export const MODEL_SPECS: ModelSpec[] = [
  {
    id: 'vae-2d',
    dataset: 'mnist',
    name: 'VAE, 2-D latent',
    description: 'The reference VAE: 784-512-256-2, Bernoulli likelihood, beta 1.',
    config: { ...REFERENCE_VAE_CONFIG },
    epochs: 80,
    schedule: ANNEALED,
  },
  {
    id: 'ae-2d',
    dataset: 'mnist',
    name: 'AE, 2-D code',
    description: 'A plain autoencoder of exactly the same shape as vae-2d: no KL term, a point instead of a posterior.',
    config: { ...REFERENCE_VAE_CONFIG, kind: 'ae' },
    epochs: 40,
    schedule: ANNEALED,
  },
  {
    id: 'vae-20d',
    dataset: 'mnist',
    name: 'VAE, 20-D latent',
    description: '784-400-20 VAE, Bernoulli likelihood, beta 1: enough latent room for sharp digits.',
    config: { ...REFERENCE_VAE_CONFIG, latentDim: 20, hidden: [400] },
    epochs: 100,
    schedule: ANNEALED,
  },
  {
    id: 'beta4-vae-2d',
    dataset: 'mnist',
    name: 'beta-VAE (beta 4), 2-D latent',
    description: 'vae-2d with the KL weighted by 4: tighter, rounder posteriors at the cost of reconstruction.',
    config: { ...REFERENCE_VAE_CONFIG, beta: 4 },
    epochs: 40,
    schedule: ANNEALED,
  },
  {
    id: 'mog-vae-2d',
    dataset: 'mnist',
    name: 'VAE with a learned mixture prior (K = 10), 2-D latent',
    description:
      'vae-2d with p(z) a mixture of 10 Gaussians learned with the model (means, log-variances, weights); the KL is estimated by sampling.',
    config: { ...REFERENCE_VAE_CONFIG, prior: { kind: 'mog', components: 10 } },
    epochs: 100,
    schedule: ANNEALED,
  },
  {
    id: 'vq-2d',
    dataset: 'mnist',
    name: 'VQ-VAE, 2-D codes, K = 64',
    description:
      'The encoder of vae-2d ends in a 2-D z_e snapped to the nearest of 64 codes, learned as moving averages of the z_e that choose them (EMA, decay 0.99; commitment 0.25; dead codes restarted).',
    config: { ...REFERENCE_VAE_CONFIG, kind: 'vq-vae', codebookSize: 64, commitment: 0.25, codebookUpdate: 'ema' },
    epochs: 60,
    schedule: ANNEALED,
  },
  {
    id: 'flow-vae-2d',
    dataset: 'mnist',
    name: 'Flow VAE (4 affine couplings), 2-D latent',
    description:
      "vae-2d with q(z|x) pushed through 4 affine coupling layers conditioned on the encoder's last hidden layer (64 hidden units each).",
    config: { ...REFERENCE_VAE_CONFIG, kind: 'flow-vae', flowSteps: 4, flowHidden: 64 },
    epochs: 100,
    schedule: ANNEALED,
  },
  {
    id: 'fullcov-vae-2d',
    dataset: 'mnist',
    name: 'Full-covariance VAE, 2-D latent',
    description:
      'vae-2d with q(z|x) = N(mu, L L^T), L lower triangular: one more encoder output (d(d + 1)/2 = 3 for the factor instead of 2 log-variances), so the posteriors can tilt. Same recipe as vae-2d.',
    config: { ...REFERENCE_VAE_CONFIG, kind: 'fullcov-vae' },
    epochs: 80,
    schedule: ANNEALED,
  },
  {
    id: 'conv-vae-2d',
    dataset: 'mnist',
    name: 'Convolutional VAE, 2-D latent',
    description:
      "The Keras example's shape, narrower: Conv2D 16 and 32 (3 x 3, stride 2, ReLU), Dense 128, then mu and log sigma^2; the decoder Dense 7 x 7 x 32, Conv2DTranspose 32 and 16 (stride 2), Conv2DTranspose 1 to the Bernoulli means. KL warm-up over the first 1,000 steps (the Keras shape without it collapses to the mean image for its first epochs).",
    config: {
      ...REFERENCE_VAE_CONFIG,
      kind: 'conv-vae',
      convFilters: [16, 32],
      hidden: [128],
      learningRate: 3e-3,
      klWarmupSteps: 1000,
    },
    epochs: 30,
    schedule: ANNEALED,
    evalEveryEpochs: 1,
  },
  {
    id: 'fashion-vae-2d',
    dataset: 'fashion-mnist',
    name: 'VAE, 2-D latent (Fashion-MNIST)',
    description: "vae-2d's twin on Fashion-MNIST: 784-512-256-2, Bernoulli likelihood (pixels in [0, 1]), beta 1.",
    config: { ...REFERENCE_VAE_CONFIG },
    epochs: 80,
    schedule: ANNEALED,
  },
  {
    id: 'fashion-ae-2d',
    dataset: 'fashion-mnist',
    name: 'AE, 2-D code (Fashion-MNIST)',
    description: "ae-2d's twin on Fashion-MNIST: the shape of fashion-vae-2d, no KL term.",
    config: { ...REFERENCE_VAE_CONFIG, kind: 'ae' },
    epochs: 40,
    schedule: ANNEALED,
  },
];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

async function trainOne(spec: ModelSpec, data: MnistData, testImages: Float32Array, epochs: number, outDir: string) {
  const { config } = spec;
  const plan: RunPlan = {
    epochs,
    evalCount: data.test.count,
    iwaeK: IWAE_K,
    iwaeCount: 0, // the final figure below runs on all the test digits
    evalsPerEpoch: 1,
    evalEveryEpochs: spec.evalEveryEpochs ?? 10,
    metricsEvery: 50,
    schedule: spec.schedule,
    publish: null,
  };
  let bar: ProgressBar | null = null;
  let runningLoss = NaN;
  let diverged: string | null = null;
  const withKl = familyInfo(config.kind).hasKlTerm;
  const onEvents = (events: TrainingEvent[]) => {
    for (const e of events) {
      if (e.type === 'steps') {
        for (const p of e.points) {
          const value = withKl ? p.negElbo : p.reconstruction;
          runningLoss = Number.isNaN(runningLoss) ? value : 0.5 * runningLoss + 0.5 * value;
        }
      } else if (e.type === 'progress') {
        bar?.update(e.progress.step, `train ${withKl ? '-ELBO' : 'recon'} ~${runningLoss.toFixed(1)}`);
      } else if (e.type === 'epoch' && e.point.epoch < epochs) {
        const p = e.point;
        console.log(
          `\n   epoch ${p.epoch}: test reconstruction ${p.reconstruction.toFixed(2)}${p.negElbo !== null ? `, KL ${p.kl?.toFixed(2)}, -ELBO ${p.negElbo.toFixed(2)}` : ''} nats`,
        );
      } else if (e.type === 'state' && e.state === 'diverged') {
        diverged = e.message ?? 'diverged';
      }
    }
  };
  const session = new TrainingSession(data, config, plan, onEvents, { name: spec.id });
  bar = new ProgressBar(spec.id, epochs * session.stepsPerEpoch);
  console.log(
    `\n== ${spec.id}: ${familyInfo(config.kind).label} ${architectureName(config)}, ${epochs} epochs of ${session.stepsPerEpoch} batches of ${config.batchSize}`,
  );
  const started = performance.now();
  await session.run();
  if (diverged) throw new Error(`${spec.id}: ${diverged}`);
  const trainingSeconds = (performance.now() - started) / 1000;
  const { params } = session;

  console.log(`   trained in ${formatDuration(trainingSeconds)}; evaluating on the ${data.test.count} test digits`);
  const metrics = await evaluate(params, testImages, { seed: 7 });
  const iwae = familyInfo(config.kind).hasDensity
    ? await (async () => {
        const iwaeBar = new ProgressBar(`${spec.id} IWAE K=${IWAE_K}`, 100, '%');
        return estimateNegLogLikelihood(params, testImages, IWAE_K, {
          seed: 11,
          onProgress: (f) => iwaeBar.update(Math.round(f * 100)),
        });
      })()
    : null;
  const testMetrics = testMetricsOf({ ...metrics, iwae }, round);
  const meta: ModelMeta = {
    name: spec.name,
    description: spec.description,
    ...configMeta(config),
    epochs,
    trainedOn: trainedOnLabel(spec.dataset),
    dataset: spec.dataset,
    trainingSeconds: Math.round(trainingSeconds),
    createdAt: new Date().toISOString(),
    testMetrics,
  };
  await writeModelFiles(join(outDir, spec.id), await modelToFiles(params, meta));
  const posteriors = await encodePosteriors(params, testImages, data.test.count);
  await writeFile(join(outDir, spec.id, POSTERIORS_FILE), posteriorsToBytes(posteriors));
  console.log(`   ${spec.id}: ${JSON.stringify({ ...testMetrics, klPerDimension: undefined, codeUsage: undefined })}`);
  console.log(`   ${JSON.stringify(session.familyStats())}`);
  session.dispose();
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
  await mkdir(outDir, { recursive: true });
  for (const spec of specs) {
    const data = await loadDatasetFromDisk(spec.dataset);
    const testImages = sliceImages(data.test.images, 0, data.test.count);
    await trainOne(spec, data, testImages, epochsOverride ? Number(epochsOverride) : spec.epochs, outDir);
    await writeIndex(outDir);
  }
  console.log(`\nwrote ${specs.map((s) => s.id).join(', ')} to ${outDir}/`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
