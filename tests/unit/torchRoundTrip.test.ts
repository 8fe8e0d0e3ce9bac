import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnistTestFromPackage } from '../../scripts/lib/node-mnist';
import { initNodeBackend } from '../../scripts/lib/node-tf';
import { decode, familyOf } from '../../src/model/families';
import { modelFromFiles, modelToFiles } from '../../src/model/format/layersModel';
import { disposeParams, paramsFromArrays, type ModelParams } from '../../src/model/params';
import { torchModelFromSafetensors } from '../../src/persistence/torchModel';

/**
 * The PyTorch round trip, for real: tools/export_vae.py trains pytorch/examples' VAE for a few steps
 * (fixed seed) in Debian's PyTorch, exports it, and the app's own path reads it: the safetensors file
 * through torchModelFromSafetensors, into the explorer's model files (modelToFiles, as an import does in
 * the explorer worker) and back (modelFromFiles). mu, log sigma^2 and the decoded mean on 100 test digits
 * must match PyTorch's within 1e-5. .ci/run installs python3-torch.
 */

/** A Python that imports torch: $PYTHON, Debian's, or the one on PATH. */
function pythonWithTorch(): string | null {
  for (const candidate of [process.env.PYTHON, '/usr/bin/python3', 'python3']) {
    if (!candidate || (candidate.startsWith('/') && !existsSync(candidate))) continue;
    if (spawnSync(candidate, ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return null;
}

interface Reference {
  count: number;
  mu: number[];
  logVar: number[];
  decodedAtMu: number[];
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe('a PyTorch VAE through tools/export_vae.py and safetensors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'torch-vae-'));
  let params: ModelParams;
  let reference: Reference;

  beforeAll(async () => {
    const python = pythonWithTorch();
    if (!python) throw new Error('PyTorch is needed for this test: apt-get install python3-torch (.ci/run does)');
    execFileSync(python, ['tools/export_vae.py', 'demo', dir, '--steps', '30', '--seed', '7'], { stdio: 'pipe' });
    reference = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as Reference;
    await initNodeBackend('cpu');
    // The description embedded in the file, as when only the .safetensors is chosen.
    const model = torchModelFromSafetensors(
      new Uint8Array(readFileSync(join(dir, 'torch-vae.safetensors'))),
      'torch-vae.safetensors',
      null,
    );
    const staged = paramsFromArrays(model.arrays);
    const files = await modelToFiles(staged, model.meta);
    disposeParams(staged);
    params = (await modelFromFiles(async (path) => files.get(path) ?? null)).params;
  }, 180_000);

  afterAll(() => {
    if (params) disposeParams(params);
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives PyTorch’s mu, log sigma^2 and decoded means on 100 test digits, within 1e-5', async () => {
    const { images } = await loadMnistTestFromPackage();
    const x = tf.tensor2d(
      Float32Array.from(images.subarray(0, 100 * 784), (v) => v / 255),
      [100, 784],
    );
    const posteriors = familyOf(params).mapPosteriors(params, x);
    const decoded = decode(params, posteriors.means);
    expect(params.config).toMatchObject({ kind: 'vae', latentDim: 2, hidden: [64] });
    expect(maxAbsDiff(await posteriors.means.data(), reference.mu)).toBeLessThan(1e-5);
    expect(maxAbsDiff(await posteriors.logVars!.data(), reference.logVar)).toBeLessThan(1e-5);
    expect(maxAbsDiff(await decoded.data(), reference.decodedAtMu)).toBeLessThan(1e-5);
    tf.dispose([x, posteriors.means, posteriors.logVars!, decoded]);
  });
});
