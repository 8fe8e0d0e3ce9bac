/**
 * Writes models/<id>/test-posteriors.bin for every model in models/index.json
 * (or those named): the 10,000 test digits' posterior means and
 * log-variances, which the page draws at once on start-up. train-models
 * writes it too; this regenerates it for models trained before.
 *
 *   npm run models:posteriors [-- --only vae-2d]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadMnistTestFromPackage } from './lib/node-mnist';
import { readModelFilesFrom } from './lib/node-model-files';
import { initNodeBackend } from './lib/node-tf';
import { modelFromFiles } from '../src/model/layersFormat';
import { encodePosteriors, POSTERIORS_FILE, posteriorsToBytes } from '../src/model/posteriorsFile';
import { disposeParams } from '../src/model/params';
import { sliceImages } from '../src/data/mnist';

async function main(): Promise<void> {
  const i = process.argv.indexOf('--only');
  const only = i >= 0 ? process.argv[i + 1].split(',') : null;
  await initNodeBackend('wasm');
  const test = await loadMnistTestFromPackage();
  const images = sliceImages(test.images, 0, test.count);
  const index = JSON.parse(await readFile('models/index.json', 'utf8')) as { models: string[] };
  for (const id of index.models.filter((m) => !only || only.includes(m))) {
    const dir = join('models', id);
    const { params } = await modelFromFiles(readModelFilesFrom(dir));
    const bytes = posteriorsToBytes(await encodePosteriors(params, images, test.count));
    await writeFile(join(dir, POSTERIORS_FILE), bytes);
    disposeParams(params);
    console.log(`${dir}/${POSTERIORS_FILE}: ${bytes.byteLength} bytes`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
