import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../scripts/lib/node-tf';
import { decode, familyOf } from '../../src/model/families';
import {
  modelFromFiles,
  modelToFiles,
  ModelFormatError,
  type ModelFiles,
  type ReadModelFile,
} from '../../src/model/format/layersModel';
import { disposeParams, initParams } from '../../src/model/params';
import type { ModelConfig } from '../../src/model/config';
import { metaFor, smallConfig } from './helpers';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

async function filesFor(config: ModelConfig): Promise<ModelFiles> {
  const params = initParams(config);
  const files = await modelToFiles(params, metaFor(config));
  disposeParams(params);
  return files;
}

const reader =
  (files: ModelFiles): ReadModelFile =>
  async (path) =>
    files.get(path) ?? null;

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const json = (s: unknown) => new TextEncoder().encode(JSON.stringify(s));

const BASE_FILES = [
  'decoder/model.json',
  'decoder/weights.bin',
  'encoder/model.json',
  'encoder/weights.bin',
  'meta.json',
];

describe('the saved model format', () => {
  it.each<[string, Partial<ModelConfig>, string[]]>([
    ['VAE', {}, BASE_FILES],
    ['AE', { kind: 'ae' }, BASE_FILES],
    ['VAE with a learned mixture prior', { prior: { kind: 'mog', components: 4 } }, BASE_FILES],
    ['VQ-VAE', { kind: 'vq-vae', codebookSize: 7 }, BASE_FILES],
    ['VQ-VAE with a codebook loss', { kind: 'vq-vae', codebookSize: 5, codebookUpdate: 'loss' }, BASE_FILES],
    [
      'flow VAE',
      { kind: 'flow-vae', flowSteps: 3, flowHidden: 6 },
      [...BASE_FILES, 'flow/weights.bin', 'flow/weights.json'].sort(),
    ],
  ])('round-trips a %s: same posteriors and decodes after saving and loading', async (_kind, overrides, names) => {
    const config = smallConfig({ ...overrides, seed: 8 });
    const params = initParams(config);
    // Move the family's tensors off their initial values (a flow's couplings start at zero).
    let seed = 20;
    for (const v of params.extras.values())
      tf.tidy(() => v.assign(tf.add(v, tf.randomNormal(v.shape, 0, 0.3, 'float32', seed++))));
    const files = await modelToFiles(params, metaFor(config));
    expect([...files.keys()].sort()).toEqual(names);
    const loaded = await modelFromFiles(reader(files));
    const { kind, latentDim, hidden, prior, codebookSize, commitment, codebookUpdate, flowSteps, flowHidden } = config;
    expect(loaded.params.config).toMatchObject({ kind, latentDim, hidden, prior, flowSteps, flowHidden });
    if (kind === 'vq-vae') expect(loaded.params.config).toMatchObject({ codebookSize, commitment, codebookUpdate });
    const x = tf.randomUniform([4, 784], 0, 1, 'float32', 1) as tf.Tensor2D;
    const family = familyOf(params);
    const a = family.mapPosteriors(params, x);
    const b = family.mapPosteriors(loaded.params, x);
    expect(b.means.arraySync()).toEqual(a.means.arraySync());
    expect(b.logVars?.arraySync()).toEqual(a.logVars?.arraySync());
    expect(decode(loaded.params, a.means).arraySync()).toEqual(decode(params, a.means).arraySync());
    expect(loaded.meta.kind).toBe(config.kind);
    tf.dispose([x, a.means, a.logVars ?? [], b.means, b.logVars ?? []]);
    disposeParams(params);
    disposeParams(loaded.params);
  });

  it('is a standard LayersModel: tf.loadLayersModel opens the encoder with outputs [zMean, zLogVar]', async () => {
    const config = smallConfig();
    const files = await filesFor(config);
    const modelJson = JSON.parse(text(files.get('encoder/model.json')));
    const weights = files.get('encoder/weights.bin')!;
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest[0].weights,
        weightData: weights.slice().buffer,
      }),
    );
    expect(model.inputs[0].shape).toEqual([null, 784]);
    expect(model.outputs.map((o) => o.shape)).toEqual([
      [null, 3],
      [null, 3],
    ]);
    expect(model.outputNames).toEqual(['z_mean', 'z_log_var']);
    model.dispose();
  });
});

describe('loading bad model files', () => {
  const cases: Array<[string, (files: ModelFiles) => void, RegExp]> = [
    [
      'truncated model.json',
      (f) => f.set('encoder/model.json', f.get('encoder/model.json')!.slice(0, 200)),
      /encoder\/model.json is not valid JSON .*truncated/,
    ],
    ['a missing weight file', (f) => f.delete('decoder/weights.bin'), /weight file decoder\/weights.bin .* is missing/],
    [
      'a truncated weight file',
      (f) => f.set('encoder/weights.bin', f.get('encoder/weights.bin')!.slice(0, 1000)),
      /the weights of encoder\/model.json are 1000 bytes, expected/,
    ],
    [
      'corrupt meta.json',
      (f) => f.set('meta.json', new TextEncoder().encode('{"kind": "vae",')),
      /meta.json is not valid JSON/,
    ],
    [
      'a latent size outside 2-64',
      (f) => f.set('meta.json', json({ ...JSON.parse(text(f.get('meta.json'))), latentDim: 65 })),
      /latentDim: the latent size must be 2-64/,
    ],
    [
      'a 1-D model (the map needs two dimensions)',
      (f) => f.set('meta.json', json({ ...JSON.parse(text(f.get('meta.json'))), latentDim: 1 })),
      /latentDim: the latent size must be 2-64 \(the map needs two dimensions\)/,
    ],
    [
      'NaN weights',
      (f) => {
        const weights = f.get('encoder/weights.bin')!.slice();
        new Float32Array(weights.buffer, 0, 4).set([1, NaN, 2, 3]);
        f.set('encoder/weights.bin', weights);
      },
      /encoder\/model.json: the weights hold NaN; such a model cannot decode anything/,
    ],
    [
      'infinite weights',
      (f) => {
        const weights = f.get('decoder/weights.bin')!.slice();
        new Float32Array(weights.buffer)[17] = Infinity;
        f.set('decoder/weights.bin', weights);
      },
      /decoder\/model.json: the weights hold an infinite value/,
    ],
    [
      'an AE meta.json over a VAE encoder',
      (f) => f.set('meta.json', json({ ...JSON.parse(text(f.get('meta.json'))), kind: 'ae' })),
      /an AE encoder has one output \[z\], found 2/,
    ],
    [
      'a latent size that does not match the encoder',
      (f) => f.set('meta.json', json({ ...JSON.parse(text(f.get('meta.json'))), latentDim: 4 })),
      /outputs must be \[null, 4\] \(latentDim\), found \[null, 3\]/,
    ],
    ['a missing meta.json', (f) => f.delete('meta.json'), /meta.json is missing/],
  ];

  it.each(cases)('rejects %s with a message naming the fault', async (_what, corrupt, message) => {
    const files = await filesFor(smallConfig());
    corrupt(files);
    const before = tf.memory().numTensors;
    await expect(modelFromFiles(reader(files))).rejects.toThrow(ModelFormatError);
    await expect(modelFromFiles(reader(files))).rejects.toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a family part that does not fit: a mixture prior with rows of the wrong size, a VQ-VAE with no codebook, a flow with no couplings', async () => {
    const mogFiles = await filesFor(smallConfig({ prior: { kind: 'mog', components: 3 } }));
    const meta = JSON.parse(text(mogFiles.get('meta.json')));
    meta.prior.means[1] = [0.5];
    mogFiles.set('meta.json', json(meta));
    await expect(modelFromFiles(reader(mogFiles))).rejects.toThrow(
      /meta.json: prior.means row 1 has 1 values, expected 3/,
    );
    const vqFiles = await filesFor(smallConfig({ kind: 'vq-vae' }));
    const vqMeta = JSON.parse(text(vqFiles.get('meta.json')));
    delete vqMeta.codebook;
    vqFiles.set('meta.json', json(vqMeta));
    await expect(modelFromFiles(reader(vqFiles))).rejects.toThrow(/meta.json: a VQ-VAE needs its codebook/);
    const flowFiles = await filesFor(smallConfig({ kind: 'flow-vae' }));
    flowFiles.delete('flow/weights.bin');
    await expect(modelFromFiles(reader(flowFiles))).rejects.toThrow(/flow\/weights.bin is missing/);
  });

  it('rejects an encoder whose input is not [null, 784]', async () => {
    const files = await filesFor(smallConfig());
    const wrong = tf.sequential({ layers: [tf.layers.dense({ inputShape: [100], units: 3 })] });
    await wrong.save(
      tf.io.withSaveHandler(async (artifacts) => {
        files.set(
          'encoder/model.json',
          json({
            modelTopology: artifacts.modelTopology,
            format: 'layers-model',
            weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
          }),
        );
        files.set('encoder/weights.bin', new Uint8Array(artifacts.weightData as ArrayBuffer));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    wrong.dispose();
    await expect(modelFromFiles(reader(files))).rejects.toThrow(
      /encoder\/model.json: input must be \[null, 784\], found \[null, 100\]/,
    );
  });
});
