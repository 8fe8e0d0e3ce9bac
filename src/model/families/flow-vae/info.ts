import { FAMILY_DEFAULTS, INPUT_DIM, LIMITS, type ModelConfig } from '../../config';
import { glorot, zeros } from '../parts';
import { latentHead, type ExtraSpec, type FamilyInfo } from '../spec';

/**
 * A flow's coupling networks on disk (families/flow-vae/files.ts): flow/weights.json (a standard tfjs
 * weights manifest) + flow/weights.bin; meta.json `flow` says their shape.
 */
export const FLOW_FILES = { manifest: 'flow/weights.json', weights: 'flow/weights.bin' } as const;

/** The coordinates an affine coupling layer keeps (conditions on) and transforms: halves, alternating. */
export function couplingSplit(latentDim: number, layer: number): { keep: number[]; change: number[] } {
  const a = Math.floor(latentDim / 2);
  const first = Array.from({ length: a }, (_, i) => i);
  const second = Array.from({ length: latentDim - a }, (_, i) => a + i);
  return layer % 2 === 0 ? { keep: first, change: second } : { keep: second, change: first };
}

export const flowLayerNames = (t: number) => ({
  hiddenKernel: `flow/${t}/hidden/kernel`,
  hiddenBias: `flow/${t}/hidden/bias`,
  outKernel: `flow/${t}/out/kernel`,
  outBias: `flow/${t}/out/bias`,
});

/** Width of the encoder's last hidden layer: what the flow's couplings are conditioned on. */
export function trunkWidth(config: Pick<ModelConfig, 'hidden'>): number {
  return config.hidden.length ? config.hidden[config.hidden.length - 1] : INPUT_DIM;
}

function couplingSpecs(config: ModelConfig): ExtraSpec[] {
  const H = trunkWidth(config);
  const F = config.flowHidden;
  const specs: ExtraSpec[] = [];
  for (let t = 0; t < config.flowSteps; t++) {
    const { keep, change } = couplingSplit(config.latentDim, t);
    const names = flowLayerNames(t);
    const inputs = keep.length + H;
    const outputs = 2 * change.length;
    const file = FLOW_FILES.weights;
    specs.push(
      { name: names.hiddenKernel, shape: [inputs, F], init: glorot(inputs, F), file },
      { name: names.hiddenBias, shape: [F], init: zeros([F]), file },
      // Zero output weights: every coupling starts as the identity, so a flow VAE starts as a VAE.
      { name: names.outKernel, shape: [F, outputs], init: zeros([F, outputs]), file },
      { name: names.outBias, shape: [outputs], init: zeros([outputs]), file },
    );
  }
  return specs;
}

/** The flow VAE: the VAE's diagonal Gaussian pushed through T affine couplings (their weights in flow/). */
export const flowInfo: FamilyInfo = {
  kind: 'flow-vae',
  label: 'Flow VAE',
  posteriorShape: 'contours',
  hasDensity: true,
  diagonalGaussianPosterior: false,
  hasKlTerm: true,
  hasPrior: true,
  hasCodebook: false,
  generator: 'prior',
  holes: null,
  mixtureTools: ['infinite-mixture'],
  caption: () => 'flowVae',
  configFields: ['flowSteps', 'flowHidden'],
  settings: [{ name: 'flowSteps', kind: 'number', integer: true, ...LIMITS.flowSteps }],
  heads: [latentHead('z_mean'), latentHead('z_log_var')],
  headsInWords: 'a flow VAE encoder has two outputs [zMean, zLogVar]',
  klMethod: () => 'sampled',
  extras: couplingSpecs,
  meta: (arrays) => ({
    flow: { kind: 'affine-coupling', steps: arrays.config.flowSteps, hidden: arrays.config.flowHidden },
  }),
  configFromMeta: (meta) => ({
    flowSteps: meta.flow?.steps ?? FAMILY_DEFAULTS.flowSteps,
    flowHidden: meta.flow?.hidden ?? FAMILY_DEFAULTS.flowHidden,
  }),
};
