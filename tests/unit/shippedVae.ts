import { loadMnistTestFromPackage } from '../../scripts/lib/node-mnist';
import { readModelFilesFrom } from '../../scripts/lib/node-model-files';
import { initNodeBackend } from '../../scripts/lib/node-tf';
import { modelFromFiles } from '../../src/model/format/layersModel';
import type { ModelParams } from '../../src/model/params';

/**
 * The shipped vae-2d and the 10,000 MNIST test digits, on the wasm backend:
 * what the unit tests that check the posterior maths on a real model share.
 */
export async function loadShippedVae(): Promise<{ params: ModelParams; imageOf: (i: number) => Float32Array }> {
  await initNodeBackend('wasm');
  const params = (await modelFromFiles(readModelFilesFrom('models/vae-2d'))).params;
  const images = (await loadMnistTestFromPackage()).images;
  return {
    params,
    /** Test digit i as 784 pixels in [0, 1]. */
    imageOf: (i) => Float32Array.from(images.subarray(i * 784, (i + 1) * 784), (v) => v / 255),
  };
}
