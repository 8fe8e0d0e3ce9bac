import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readModelFilesFrom } from './node-model-files';
import { modelFromFiles } from '../../src/model/layersFormat';
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
