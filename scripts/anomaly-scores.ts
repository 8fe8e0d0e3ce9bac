/**
 * Likelihood as an anomaly score for the shipped 2-D models: -log p(x) by
 * quadrature of each of the model's own test images, the other dataset's
 * test images and pure-noise images, written to
 * models/<id>/likelihood-scores.bin (the page's anomaly panel reads it),
 * then the AUROCs of "own against other" and "own against noise", raw and
 * corrected by input complexity (deflate), printed.
 *
 *   npm run anomaly-scores [-- --only vae-2d,fashion-vae-2d] [-- --count 1000] [-- --noise 1000]
 *   npm run anomaly-scores -- --from-files      prints the table from the files, computing nothing
 *
 * --count takes the first N test images of each dataset (all 10,000 by default).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initNodeBackend } from './lib/node-tf';
import { ProgressBar } from './lib/progress';
import { loadTestSplitFromDisk } from './lib/node-mnist';
import { shippedModelIds, withShippedModel } from './lib/shipped-models';
import { DATASETS, type DatasetId } from '../src/data/datasets';
import { sliceImages } from '../src/data/mnist';
import { auroc, bitsPerDim, complexities, corrected } from '../src/lib/anomaly';
import { parseModelMeta } from '../src/model/format/meta';
import {
  negLogLikelihoods,
  noiseImages,
  otherDataset,
  parseScores,
  scoresToBytes,
  SCORES_FILE,
  type ShippedScores,
} from '../src/model/posterior/likelihoodScores';
import { familyOf } from '../src/model/families';

const NOISE_SEED = 7;

function argument(name: string): string | null {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : null;
}

async function testBytes(dataset: DatasetId, count: number): Promise<Uint8Array> {
  const split = await loadTestSplitFromDisk(dataset);
  return split.images.subarray(0, count * 784);
}

const mean = (v: Float32Array) => v.reduce((s, x) => s + x, 0) / v.length;

async function report(id: string, scores: ShippedScores): Promise<string> {
  const { header } = scores;
  const own = await testBytes(header.dataset, header.own);
  const other = await testBytes(header.otherDataset, header.other);
  const noise = noiseImages(header.noise, header.noiseSeed);
  const cOwn = corrected(scores.own, complexities(own, header.own));
  const cOther = corrected(scores.other, complexities(other, header.other));
  const cNoise = corrected(scores.noise, complexities(noise, header.noise));
  const f2 = (v: number) => v.toFixed(2);
  const f3 = (v: number) => v.toFixed(3);
  return (
    `| \`${id}\` | ${DATASETS[header.dataset].label} | ${DATASETS[header.otherDataset].label} | ` +
    `${f2(mean(scores.own))} (${f3(bitsPerDim(mean(scores.own)))}) | ${f2(mean(scores.other))} (${f3(bitsPerDim(mean(scores.other)))}) | ` +
    `${f3(auroc(scores.own, scores.other))} | ${f3(auroc(cOwn, cOther))} | ${f3(auroc(scores.own, scores.noise))} | ${f3(auroc(cOwn, cNoise))} |`
  );
}

async function main(): Promise<void> {
  const only = argument('--only')?.split(',') ?? ['vae-2d', 'fashion-vae-2d'];
  const count = Number(argument('--count') ?? 10_000);
  const noiseCount = Number(argument('--noise') ?? 1000);
  if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new Error('--count must be 1 to 10000');
  if (!Number.isInteger(noiseCount) || noiseCount < 1) throw new Error('--noise must be a whole number >= 1');
  await initNodeBackend('wasm');
  const rows: string[] = [];
  for (const id of await shippedModelIds(only)) {
    const dir = join('models', id);
    if (process.argv.includes('--from-files')) {
      rows.push(await report(id, parseScores(await readFile(join(dir, SCORES_FILE)), `${dir}/${SCORES_FILE}`)));
      continue;
    }
    const meta = parseModelMeta(await readFile(join(dir, 'meta.json'), 'utf8'), `${dir}/meta.json`);
    const other = otherDataset(meta.dataset);
    await withShippedModel(id, async (params) => {
      if (!familyOf(params).info.hasDensity || params.config.latentDim !== 2) {
        console.log(`${id}: no density on a 2-D latent plane, skipped`);
        return;
      }
      const started = performance.now();
      const score = async (what: string, bytes: Uint8Array, n: number) => {
        const bar = new ProgressBar(`${id}: ${what}`, n, 'images');
        const t0 = performance.now();
        const values = await negLogLikelihoods(params, sliceImages(bytes, 0, n), n, (done) => bar.update(done));
        console.log(`${id}: ${what}, ${n} images in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        return values;
      };
      const scores: ShippedScores = {
        header: {
          dataset: meta.dataset,
          otherDataset: other,
          method: 'quadrature',
          own: count,
          other: count,
          noise: noiseCount,
          noiseSeed: NOISE_SEED,
        },
        own: await score(`${DATASETS[meta.dataset].label} test`, await testBytes(meta.dataset, count), count),
        other: await score(`${DATASETS[other].label} test`, await testBytes(other, count), count),
        noise: await score('noise', noiseImages(noiseCount, NOISE_SEED), noiseCount),
      };
      await writeFile(join(dir, SCORES_FILE), scoresToBytes(scores));
      console.log(`${dir}/${SCORES_FILE} (${((performance.now() - started) / 60_000).toFixed(1)} min)`);
      rows.push(await report(id, scores));
    });
  }
  console.log(
    '\n| model | own test set | other test set | -log p(x) own, nats (bits/dim) | -log p(x) other | AUROC own vs other | corrected | AUROC own vs noise | corrected |',
  );
  console.log('|---|---|---|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
