/**
 * The hidden half over the test set (posterior/inpainting.ts): for a 2-D
 * shipped model and each mask, the mean log p(x_h | x_v) of the true hidden
 * pixels computed three ways (the exact posterior by quadrature, the
 * encoder's q of the masked image standing in for it, the prior), and the
 * mean KL(p(z | x_v) || q(z | x~)). Prints a table; writes nothing.
 *
 *   npm run hidden-half [-- --model vae-2d] [-- --count 500] [-- --masks bottom,top]
 *
 * --count takes the first N test digits (all 10,000 by default).
 */
import { initNodeBackend } from './lib/node-tf';
import { ProgressBar } from './lib/progress';
import { shippedModelTestSet, withShippedModel } from './lib/shipped-models';
import { hiddenFiguresOver } from '../src/model/posterior/hiddenFromModel';
import { HALF_MASKS, halfMask, type HalfMask } from '../src/model/posterior/inpainting';

function argument(name: string): string | null {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : null;
}

async function main(): Promise<void> {
  const id = argument('--model') ?? 'vae-2d';
  const count = Number(argument('--count') ?? 10_000);
  if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new Error('--count must be 1 to 10000');
  const masks = (argument('--masks')?.split(',') ?? [...HALF_MASKS]) as HalfMask[];
  for (const m of masks) if (!HALF_MASKS.includes(m)) throw new Error(`unknown mask ${m}: ${HALF_MASKS.join(', ')}`);
  await initNodeBackend('wasm');
  const { images } = await shippedModelTestSet(id);
  const rows: string[] = [];
  await withShippedModel(id, async (params) => {
    if (params.config.latentDim !== 2)
      throw new Error(`${id} has a ${params.config.latentDim}-D latent; this script needs 2-D`);
    for (const mask of masks) {
      const sums = { exact: 0, encoder: 0, prior: 0, kl: 0, worse: 0 };
      let done = 0;
      const started = performance.now();
      const bar = new ProgressBar(`${id} ${mask} half hidden`, count, 'digits');
      await hiddenFiguresOver(params, images.subarray(0, count * 784), count, halfMask(mask), (_, f) => {
        sums.exact += f.exact;
        sums.encoder += f.encoder;
        sums.prior += f.prior;
        sums.kl += f.klPosteriorToEncoder;
        if (f.exact < f.prior) sums.worse++;
        done++;
        if (done % 32 === 0 || done === count) bar.update(done, `exact so far ${(sums.exact / done).toFixed(3)}`);
      });
      const f = (v: number) => (v / count).toFixed(2);
      const row = `| ${mask.padEnd(6)} | ${f(sums.exact)} | ${f(sums.encoder)} | ${f(sums.prior)} | ${f(sums.kl)} | ${((100 * sums.worse) / count).toFixed(1)} % | ${((performance.now() - started) / 1000).toFixed(0)} s |`;
      rows.push(row);
      console.log(`\n${row}`);
    }
  });
  console.log(`\n${id}, test digits 0-${count - 1}, mean over digits, nats:`);
  console.log(
    '| hidden | log p(x_h given x_v), exact | encoder q(z given x~) | prior | KL(p(z given x_v) to q(z given x~)) | exact below prior | time |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
