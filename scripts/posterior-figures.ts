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
 *   on the grid over the same digits (how far the encoder's q is from the
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
 * The quadrature goes in batches of 64 neighbouring digits whose decoder
 * passes are shared (adaptiveQuadratureBatch), from a 144 x 144 first grid
 * (see quadrature.ts for why not coarser): about 0.15 s a digit on one wasm
 * thread (AMD EPYC, 2026-12-01) on easy digits; measured for all 10,000 with a
 * second run beside it on the 2 cores: mog-vae-2d 73.6 minutes (2026-12-02);
 * flow-vae-2d 41.6 minutes with other work beside it (2026-12-02, after its
 * coupling nets took one digit's conditioning once for all its grid points).
 */
import * as tf from '@tensorflow/tfjs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initNodeBackend } from './lib/node-tf';
import { ProgressBar } from './lib/progress';
import { shippedModelIds, shippedModelTestSet, withShippedModel } from './lib/shipped-models';
import { aggregatePosterior } from '../src/model/posterior/aggregate';
import { estimateNegLogLikelihood } from '../src/model/evaluate';
import { familyOf } from '../src/model/families';
import { bestCodeReconstruction } from '../src/model/families/vq-vae/family';
import type { TestMetrics } from '../src/model/format/meta';
import type { ModelParams } from '../src/model/params';
import { withRowsQuadrature } from '../src/model/posterior/fromModel';
import { encodePosteriors } from '../src/model/format/posteriorsFile';
import { klQToPosteriorOnCells } from '../src/model/posterior/lab';
import { neighbourOrder } from '../src/model/posterior/numerics';
import type { MnistSplit } from '../src/data/mnist';
import { testSubset } from '../src/model/training/batches';

const SUBSET_SEED = 1;

function argument(name: string): string | null {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : null;
}

/** Digits per batch of the quadrature (neighbours by q's mean: their decoder passes are shared). */
const BATCH = 64;

async function quadratureFigures(
  id: string,
  params: ModelParams,
  test: MnistSplit,
  count: number,
): Promise<{ negLogLikelihood: number; kl: number }> {
  // -log p(x) and KL(q(z|x) || p(z|x)) over `count` digits: all of them, or a seeded random subset
  // (the first digits of the file are easier than the rest). Batches of neighbouring digits share
  // their decoder passes (adaptiveQuadratureBatch); each digit is refined exactly as it would be alone.
  const { images } = testSubset(test, count, SUBSET_SEED);
  const { means } = await encodePosteriors(params, images, count);
  const order = neighbourOrder(means, count);
  const bar = new ProgressBar(`${id} quadrature`, count, 'digits');
  let sumLogPx = 0;
  let sumKl = 0;
  let done = 0;
  for (let start = 0; start < count; start += BATCH) {
    const rows = order.slice(start, start + BATCH);
    await withRowsQuadrature(params, images, rows, undefined, async (models, quads) => {
      for (let k = 0; k < rows.length; k++) {
        sumLogPx += quads[k].logPx;
        sumKl += (await klQToPosteriorOnCells(models[k], quads[k])).kl;
      }
    });
    done += rows.length;
    bar.update(done, `-log p(x) so far ${(-sumLogPx / done).toFixed(3)}, KL to p(z|x) ${(sumKl / done).toFixed(3)}`);
  }
  return { negLogLikelihood: -sumLogPx / count, kl: sumKl / count };
}

async function main(): Promise<void> {
  const only = argument('--only')?.split(',') ?? null;
  const count = Number(argument('--count') ?? 10_000);
  if (!Number.isInteger(count) || count < 1 || count > 10_000) {
    throw new Error('--count must be a whole number from 1 to 10000');
  }
  await initNodeBackend('wasm');
  if (process.argv.includes('--compare-iwae')) {
    for (const id of await shippedModelIds(only)) {
      const subset = testSubset((await shippedModelTestSet(id)).test, count, SUBSET_SEED).images;
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
    // Each model against its own dataset's test images.
    const { test, images } = await shippedModelTestSet(id);
    await withShippedModel(id, async (params, dir) => {
      const metaPath = join(dir, 'meta.json');
      const meta = JSON.parse(await readFile(metaPath, 'utf8')) as { testMetrics: TestMetrics };
      if (familyOf(params).info.hasCodebook) {
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
        klToTruePosteriorCount: count,
      };
      if (familyOf(params).info.mixtureTools.includes('aggregate-posterior')) {
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
