/**
 * Writes models/<id>/test-posteriors.bin for every model in models/index.json
 * (or those named): the 10,000 test digits' posterior means and
 * log-variances, which the page draws at once on start-up. train-models
 * writes it too; this regenerates it for models trained before.
 *
 *   npm run models:posteriors [-- --only vae-2d]
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initNodeBackend } from './lib/node-tf';
import { shippedModelIds, shippedModelTestSet, withShippedModel } from './lib/shipped-models';
import { encodePosteriors, POSTERIORS_FILE, posteriorsToBytes } from '../src/model/format/posteriorsFile';

async function main(): Promise<void> {
  const i = process.argv.indexOf('--only');
  const only = i >= 0 ? process.argv[i + 1].split(',') : null;
  await initNodeBackend('wasm');
  for (const id of await shippedModelIds(only)) {
    const { test, images } = await shippedModelTestSet(id);
    await withShippedModel(id, async (params, dir) => {
      const bytes = posteriorsToBytes(await encodePosteriors(params, images, test.count));
      await writeFile(join(dir, POSTERIORS_FILE), bytes);
      console.log(`${dir}/${POSTERIORS_FILE}: ${bytes.byteLength} bytes`);
    });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
