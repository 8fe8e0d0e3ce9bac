import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../scripts/lib/node-tf';
import { FAMILY_DEFAULTS, MODEL_KINDS, type ModelConfig, type ModelKind } from '../../src/model/config';
import { DEFAULT_TRAINING_FORM, parseTrainingForm } from '../../src/state/trainingForm';
import { evaluate } from '../../src/model/evaluate';
import { extraSpecs } from '../../src/model/extras';
import { familyOf } from '../../src/model/families';
import { FAMILY_INFO, familyInfo, klWeightAt } from '../../src/model/familyInfo';
import { buildLayersModels, modelFromFiles, modelToFiles } from '../../src/model/format/layersModel';
import { disposeParams, initParams, paramsToArrays, weightArrays, type ModelParams } from '../../src/model/params';
import { familyLayers } from '../../src/state/slotLayers';
import { encodePosteriors } from '../../src/model/format/posteriorsFile';
import { packModelZip, unpackModelZip } from '../../src/persistence/modelArchive';
import { batchOf, fakeImages, metaFor, smallConfig } from './helpers';
import { createTrainer } from '../../src/model/training/trainer';
import { FAST_OPS } from '../../src/model/layerOps';

/**
 * The family registry: each family declares what it is (families/<kind>/info.ts) and the rest of the
 * code asks that declaration instead of branching on the kind. A declaration that disagrees with what
 * the family's code does would train, save or draw the wrong model with no error; this walks every
 * registered kind, with the standard prior and, where the family has a prior, a learned mixture.
 */

let images: Float32Array;
beforeAll(async () => {
  await initNodeBackend('cpu');
  images = fakeImages(64, 3);
});

function configsOf(kind: ModelKind): ModelConfig[] {
  const base = smallConfig({ kind, latentDim: 2, codebookSize: 8, flowSteps: 2, flowHidden: 8, convFilters: [4, 8] });
  return familyInfo(kind).hasPrior ? [base, { ...base, prior: { kind: 'mog', components: 3 } }] : [base];
}

const cases = MODEL_KINDS.flatMap((kind) =>
  configsOf(kind).map((config) => ({ name: `${kind}, prior ${config.prior.kind}`, config })),
);

/** Metrics [reconstruction, kl, negElbo, loss] after three steps from the same start. */
async function trainedMetrics(config: ModelConfig): Promise<number[]> {
  const params = initParams(config);
  const trainer = createTrainer(params);
  let last: number[] = [];
  for (let i = 0; i < 3; i++) {
    const x = batchOf(images.subarray(i * 8 * 784), 8);
    const metrics = trainer.step(x);
    last = Array.from(await metrics.data());
    tf.dispose([x, metrics]);
  }
  trainer.dispose();
  disposeParams(params);
  return last;
}

function withParams<T>(config: ModelConfig, fn: (params: ModelParams) => Promise<T>): Promise<T> {
  const params = initParams(config);
  return fn(params).finally(() => disposeParams(params));
}

describe('every registered family does what it declares', () => {
  it('is registered once, under its own kind, in both halves', () => {
    for (const kind of MODEL_KINDS) {
      expect(FAMILY_INFO[kind].kind).toBe(kind);
      expect(familyOf(kind).info).toBe(FAMILY_INFO[kind]);
    }
  });

  it.each(cases)('$name: heads, extras and the encoder file agree', async ({ config }) => {
    const info = familyInfo(config.kind);
    await withParams(config, async (params) => {
      expect(params.heads.length).toBe(info.heads.length);
      expect([...params.extras.keys()]).toEqual(extraSpecs(config).map((s) => s.name));
      const { encoder, decoder } = buildLayersModels(await paramsToArrays(params));
      expect(encoder.outputs.map((o) => o.name.split('/')[0])).toEqual(info.heads.map((h) => h.name));
      encoder.dispose();
      decoder.dispose();
    });
  });

  it.each(cases)('$name: the KL term is there exactly when declared', async ({ config }) => {
    const info = familyInfo(config.kind);
    expect(klWeightAt({ ...config, beta: 2 }, 10) > 0).toBe(info.hasKlTerm);
    // What the family's loss does with a KL weight, whatever the declaration says.
    await withParams(config, async (params) => {
      const x = batchOf(images, 8);
      const lossAt = (klWeight: number) =>
        tf.tidy(() => familyOf(params).loss(params, x, { klWeight, seed: 4, ops: FAST_OPS }).loss.dataSync()[0]);
      expect(lossAt(3) !== lossAt(0)).toBe(info.hasKlTerm);
      x.dispose();
    });
    const [recon, kl, , loss] = await trainedMetrics(config);
    const heavier = await trainedMetrics({ ...config, beta: 3 });
    if (info.hasKlTerm) {
      expect(kl).toBeGreaterThan(0);
      expect(loss).toBeCloseTo(recon + kl, 3);
      expect(heavier).not.toEqual([recon, kl, recon + kl, loss]);
      expect(heavier[3]).toBeCloseTo(heavier[0] + 3 * heavier[1], 3);
    } else {
      // Beta is no part of this family's loss: the same steps whatever it is.
      expect(heavier[3]).toBe(loss);
    }
  });

  it.each(cases)('$name: evaluation reports the declared KL method, code usage and density', async ({ config }) => {
    const info = familyInfo(config.kind);
    await withParams(config, async (params) => {
      const metrics = await evaluate(params, images.subarray(0, 16 * 784), { batchSize: 8 });
      expect(metrics.klMethod).toBe(info.klMethod(config.prior));
      expect(metrics.kl === null).toBe(info.klMethod(config.prior) === null);
      if (metrics.klMethod === 'log-k') expect(metrics.kl).toBeCloseTo(Math.log(config.codebookSize), 5);
      expect(metrics.codeUsage !== null).toBe(info.hasCodebook);
      const family = familyOf(params);
      const x = batchOf(images, 2);
      const draw = () => tf.dispose(Object.values(family.sample(params, x, 3, 1)));
      if (info.hasDensity) expect(draw).not.toThrow();
      else expect(draw).toThrow();
      const { means, logVars, covariances } = family.mapPosteriors(params, x);
      expect(logVars !== null).toBe(info.posteriorShape === 'ellipse' || info.posteriorShape === 'tilted-ellipse');
      expect(covariances !== undefined).toBe(info.posteriorShape === 'tilted-ellipse');
      const d = config.latentDim;
      if (covariances) expect(covariances.shape).toEqual([2, (d * (d + 1)) / 2]);
      tf.dispose([x, means, ...(logVars ? [logVars] : []), ...(covariances ? [covariances] : [])]);
    });
  });

  it.each(cases)('$name: meta.json and the files round-trip every weight, through a zip', async ({ config }) => {
    await withParams(config, async (params) => {
      // As the library's download and import do it: the files zipped in a folder, unzipped, read back.
      const zipped = packModelZip(await modelToFiles(params, metaFor(config)), 'model');
      const files = unpackModelZip(zipped, 'model.zip');
      const loaded = await modelFromFiles(async (path) => files.get(path) ?? null);
      try {
        expect(loaded.params.config.kind).toBe(config.kind);
        for (const field of familyInfo(config.kind).configFields) {
          expect(loaded.params.config[field]).toEqual(config[field]);
        }
        expect(loaded.params.config.prior).toEqual(config.prior);
        const [a, b] = await Promise.all([paramsToArrays(params), paramsToArrays(loaded.params)]);
        expect(weightArrays(b)).toEqual(weightArrays(a));
      } finally {
        disposeParams(loaded.params);
      }
    });
  });

  it.each(cases)('$name: the map draws the layer its declaration names', async ({ config }) => {
    const info = familyInfo(config.kind);
    await withParams(config, async (params) => {
      const weights = await paramsToArrays(params);
      const layers = familyLayers({ latentDim: 2, posteriors: null }, weights, { mode: 'dims', dims: [0, 1] }, true);
      expect(layers.cells !== undefined).toBe(info.posteriorShape === 'voronoi-cell');
      expect(layers.gaussians !== undefined).toBe(info.hasPrior && config.prior.kind === 'mog');
      // With the test digits' posteriors: a tilted ellipse's legend says how tilted, for that shape only.
      const posteriors = await encodePosteriors(params, images, 16);
      const drawn = familyLayers({ latentDim: 2, posteriors }, weights, { mode: 'dims', dims: [0, 1] }, true);
      const tiltLine = (drawn.legend ?? []).some((line) => line.startsWith('Full covariance'));
      expect(tiltLine).toBe(info.posteriorShape === 'tilted-ellipse');
    });
  });

  it.each(MODEL_KINDS)(
    '%s: its form fields are config fields it keeps, and the form parses them into its config',
    (kind) => {
      const info = familyInfo(kind);
      for (const setting of info.settings) expect(info.configFields).toContain(setting.name);
      const slots = DEFAULT_TRAINING_FORM.slots;
      const parsed = parseTrainingForm({
        ...DEFAULT_TRAINING_FORM,
        slots: { ...slots, left: { ...slots.left, family: kind } },
      });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      const config = parsed.settings.models.left!;
      expect(config.kind).toBe(kind);
      for (const setting of info.settings) expect(config[setting.name]).toEqual(FAMILY_DEFAULTS[setting.name]);
    },
  );

  it('declares consistent capabilities', () => {
    for (const info of Object.values(FAMILY_INFO)) {
      if (info.diagonalGaussianPosterior) expect(info.posteriorShape).toBe('ellipse');
      if (info.mixtureTools.includes('aggregate-posterior')) expect(info.diagonalGaussianPosterior).toBe(true);
      if (info.mixtureTools.includes('infinite-mixture')) expect(info.generator).toBe('prior');
      expect(info.generator === 'codes').toBe(info.hasCodebook);
      if (info.hasKlTerm) expect(info.hasDensity).toBe(true);
    }
  });
});

/** Every .ts/.tsx file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('the rest of the code asks the registry', () => {
  it('branches on no family kind outside src/model/families/', () => {
    const kinds = MODEL_KINDS.join('|');
    const branch = new RegExp(`[!=]==\\s*'(${kinds})'|'(${kinds})'\\s*[!=]==|case '(${kinds})'`);
    const found = ['src', 'scripts', 'bench']
      .flatMap(sources)
      .filter((path) => !path.startsWith(join('src', 'model', 'families')))
      .flatMap((path) =>
        readFileSync(path, 'utf8')
          .split('\n')
          .flatMap((line, i) => (branch.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(found).toEqual([]);
  });
});
