/**
 * The posterior figures of the shipped models that take minutes, not
 * seconds, written into models/<id>/meta.json testMetrics:
 *
 * - quadratureNegLogLikelihood / quadratureCount: -log p(x) by adaptive
 *   quadrature over the 2-D latent plane (the posterior lab's), averaged
 *   over the test digits (all 10,000 by default, else a seeded random
 *   subset of --count): the model's
 *   log-likelihood without the long tail that importance sampling with
 *   K = 100 misses on some digits;
 * - klToTruePosterior / klToTruePosteriorCount: the mean KL(q(z|x) || p(z|x))
 *   on the grid over test digits 0-99 (how far the encoder's q is from the
 *   true posterior: a diagonal Gaussian's, or a flow's);
 * - aggregatePosteriorKl, priorHoleShare: KL(q(z) || p(z)) of the aggregate
 *   posterior over the 10,000 test digits, and the share of prior draws that
 *   land where q(z) is low (VAEs with Gaussian posteriors);
 * - bestCodeReconstruction (VQ-VAE): the reconstruction if each test digit
 *   got the best of the K decoded codes instead of its nearest one.
 *
 *   npm run models:figures [-- --only vae-2d,mog-vae-2d] [-- --count 500]
 *   npm run models:figures -- --count 2000 --compare-iwae
 *     prints IWAE (K = 100) on the same digits as the quadrature, so the two
 *     can be compared on one set (seconds per model; writes nothing)
 *
 * About 0.5 s per digit for the quadrature on one wasm thread (2 cores,
 * Intel Xeon 2.8 GHz, 2026-11-30): some 80 minutes per model for all
 * 10,000, a quarter of an hour for --count 2000.
 */
import * as tf from '@tensorflow/tfjs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadMnistTestFromPackage } from './lib/node-mnist';
import { initNodeBackend } from './lib/node-tf';
import { ProgressBar } from './lib/progress';
import { shippedModelIds, withShippedModel } from './lib/shipped-models';
import { aggregatePosterior } from '../src/model/aggregate';
import { estimateNegLogLikelihood } from '../src/model/evaluate';
import { familyOf } from '../src/model/families';
import { bestCodeReconstruction } from '../src/model/families/vq';
import type { TestMetrics } from '../src/model/meta';
import type { ModelParams } from '../src/model/params';
import { labModelFor } from '../src/model/posterior/fromModel';
import { klQToPosteriorOnCells, posteriorQuadrature } from '../src/model/posterior/lab';
import { sliceImages, type MnistSplit } from '../src/data/mnist';
import { testSubset } from '../src/model/training/batches';

const KL_DIGITS = 100;
const SUBSET_SEED = 1;

function argument(name: string): string | null {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : null;
}

async function quadratureFigures(
  id: string,
  params: ModelParams,
  test: MnistSplit,
  count: number,
): Promise<{ negLogLikelihood: number; kl: number }> {
  // -log p(x) over `count` digits: all of them, or a seeded random subset
  // (the first digits of the file are easier than the rest). The KL to the
  // true posterior is over test digits 0-99, as the README reports it.
  const subset = testSubset(test, count, SUBSET_SEED).images;
  const first = sliceImages(test.images, 0, KL_DIGITS);
  const sameDigits = count === test.count;
  const total = count + (sameDigits ? 0 : KL_DIGITS);
  const bar = new ProgressBar(`${id} quadrature`, total, 'digits');
  let sumLogPx = 0;
  let sumKl = 0;
  let done = 0;
  const visit = async (pixels: Float32Array, wantLogPx: boolean, wantKl: boolean): Promise<void> => {
    const model = await labModelFor(params, pixels);
    try {
      const quad = await posteriorQuadrature(model);
      if (wantLogPx) sumLogPx += quad.logPx;
      if (wantKl) sumKl += (await klQToPosteriorOnCells(model, quad)).kl;
    } finally {
      model.dispose();
    }
  };
  for (let i = 0; i < count; i++) {
    await visit(subset.subarray(i * 784, (i + 1) * 784), true, sameDigits && i < KL_DIGITS);
    bar.update(++done, `-log p(x) so far ${(-sumLogPx / (i + 1)).toFixed(3)}`);
  }
  if (!sameDigits) {
    for (let i = 0; i < KL_DIGITS; i++) {
      await visit(first.subarray(i * 784, (i + 1) * 784), false, true);
      bar.update(++done, `KL to p(z|x) so far ${(sumKl / (i + 1)).toFixed(3)}`);
    }
  }
  return { negLogLikelihood: -sumLogPx / count, kl: sumKl / KL_DIGITS };
}

async function main(): Promise<void> {
  const only = argument('--only')?.split(',') ?? null;
  const count = Number(argument('--count') ?? 10_000);
  if (!Number.isInteger(count) || count < KL_DIGITS || count > 10_000) {
    throw new Error(`--count must be a whole number from ${KL_DIGITS} to 10000`);
  }
  await initNodeBackend('wasm');
  const test = await loadMnistTestFromPackage();
  const images = sliceImages(test.images, 0, test.count);
  if (process.argv.includes('--compare-iwae')) {
    const subset = testSubset(test, count, SUBSET_SEED).images;
    for (const id of await shippedModelIds(only)) {
      await withShippedModel(id, async (params) => {
        if (!familyOf(params).info.hasDensity || params.config.latentDim !== 2) return;
        const iwae = await estimateNegLogLikelihood(params, subset, 100, { seed: 11 });
        console.log(
          `${id}: IWAE (K = 100) -log p(x) ${iwae.negLogLikelihood.toFixed(3)} on the ${count} quadrature digits`,
        );
      });
    }
    return;
  }
  for (const id of await shippedModelIds(only)) {
    await withShippedModel(id, async (params, dir) => {
      const metaPath = join(dir, 'meta.json');
      const meta = JSON.parse(await readFile(metaPath, 'utf8')) as { testMetrics: TestMetrics };
      if (params.config.kind === 'vq-vae') {
        const x = tf.tensor2d(images, [test.count, 784]);
        const best = bestCodeReconstruction(params, x);
        const figures = { bestCodeReconstruction: Number((await best.data())[0].toFixed(3)) };
        tf.dispose([x, best]);
        meta.testMetrics = { ...meta.testMetrics, ...figures };
        await writeFile(metaPath, JSON.stringify(meta, null, 2) + '\n');
        console.log(`${id}: ${JSON.stringify(figures)} -> ${metaPath}`);
        return;
      }
      if (!familyOf(params).info.hasDensity || params.config.latentDim !== 2) {
        console.log(`${id}: no density on a 2-D latent plane, skipped`);
        return;
      }
      const started = performance.now();
      const quad = await quadratureFigures(id, params, test, count);
      const figures: Partial<TestMetrics> = {
        quadratureNegLogLikelihood: Number(quad.negLogLikelihood.toFixed(3)),
        quadratureCount: count,
        klToTruePosterior: Number(quad.kl.toFixed(3)),
        klToTruePosteriorCount: KL_DIGITS,
      };
      if (params.config.kind === 'vae') {
        const aggregate = await aggregatePosterior(params, images, 5);
        figures.aggregatePosteriorKl = Number(aggregate.figures.kl.toFixed(3));
        figures.priorHoleShare = Number(aggregate.figures.holeShare.toFixed(4));
      }
      meta.testMetrics = { ...meta.testMetrics, ...figures };
      await writeFile(metaPath, JSON.stringify(meta, null, 2) + '\n');
      console.log(
        `${id}: ${JSON.stringify(figures)} (${((performance.now() - started) / 60_000).toFixed(1)} min) -> ${metaPath}`,
      );
    });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
