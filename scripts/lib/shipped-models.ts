import { readFile } from 'node:fs/promises';
import { loadTestSplitFromDisk } from './node-mnist';
import { sliceImages, type MnistSplit } from '../../src/data/mnist';
import { parseModelMeta } from '../../src/model/format/meta';
import type { DatasetId } from '../../src/data/datasets';
import { join } from 'node:path';
import { readModelFilesFrom } from './node-model-files';
import { modelFromFiles } from '../../src/model/format/layersModel';
import { disposeParams, type ModelParams } from '../../src/model/params';

/** The ids in models/index.json, in order, or those of them named in `--only a,b` (all when `only` is null). */
export async function shippedModelIds(only: string[] | null): Promise<string[]> {
  const index = JSON.parse(await readFile('models/index.json', 'utf8')) as { models: string[] };
  return index.models.filter((m) => !only || only.includes(m));
}

/** Loads models/<id> and hands its weights to `use`, disposing them afterwards. */
export async function withShippedModel<T>(
  id: string,
  use: (params: ModelParams, dir: string) => Promise<T>,
): Promise<T> {
  const dir = join('models', id);
  const { params } = await modelFromFiles(readModelFilesFrom(dir));
  try {
    return await use(params, dir);
  } finally {
    disposeParams(params);
  }
}

const testSets = new Map<DatasetId, Promise<{ test: MnistSplit; images: Float32Array }>>();

/** The test split of the dataset models/<id> was trained on (its meta.json says), raw and as pixels in [0, 1]. */
export async function shippedModelTestSet(id: string): Promise<{ test: MnistSplit; images: Float32Array }> {
  const meta = parseModelMeta(await readFile(join('models', id, 'meta.json'), 'utf8'), `models/${id}/meta.json`);
  let set = testSets.get(meta.dataset);
  if (!set) {
    set = loadTestSplitFromDisk(meta.dataset).then((test) => ({
      test,
      images: sliceImages(test.images, 0, test.count),
    }));
    testSets.set(meta.dataset, set);
  }
  return set;
}
