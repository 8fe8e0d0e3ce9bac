import { randomNormal } from 'd3';
import { INPUT_DIM, type ModelConfig } from './config';
import type { Rng } from '../lib/rng';

/**
 * The parameters a family has beyond the encoder/decoder MLPs: a learned
 * prior's mixture, a VQ codebook, the coupling networks of a flow. Each is a
 * named tensor with an initialiser; the family modules read them by name.
 */
export interface ExtraSpec {
  name: string;
  shape: number[];
  init: (rng: Rng) => Float32Array;
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const zeros = (shape: number[]) => () => new Float32Array(size(shape));
const normal = (shape: number[], sigma: number) => (rng: Rng) => {
  const draw = randomNormal.source(rng.next)(0, sigma);
  return Float32Array.from({ length: size(shape) }, draw);
};
/** Glorot-uniform, as for the dense layers. */
const glorot = (inputs: number, units: number) => (rng: Rng) => {
  const limit = Math.sqrt(6 / (inputs + units));
  return Float32Array.from({ length: inputs * units }, () => (2 * rng.next() - 1) * limit);
};

export const PRIOR_EXTRAS = { logits: 'prior/logits', means: 'prior/means', logVars: 'prior/logVars' } as const;
export const CODEBOOK = 'codebook';

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

export function extraSpecs(config: ModelConfig): ExtraSpec[] {
  const d = config.latentDim;
  const specs: ExtraSpec[] = [];
  if ((config.kind === 'vae' || config.kind === 'flow-vae') && config.prior.kind === 'mog') {
    const K = config.prior.components;
    specs.push(
      { name: PRIOR_EXTRAS.logits, shape: [K], init: zeros([K]) },
      { name: PRIOR_EXTRAS.means, shape: [K, d], init: normal([K, d], 1) },
      { name: PRIOR_EXTRAS.logVars, shape: [K, d], init: zeros([K, d]) },
    );
  }
  if (config.kind === 'vq-vae') {
    specs.push({ name: CODEBOOK, shape: [config.codebookSize, d], init: normal([config.codebookSize, d], 0.5) });
  }
  if (config.kind === 'flow-vae') {
    const H = trunkWidth(config);
    const F = config.flowHidden;
    for (let t = 0; t < config.flowSteps; t++) {
      const { keep, change } = couplingSplit(d, t);
      const names = flowLayerNames(t);
      const inputs = keep.length + H;
      const outputs = 2 * change.length;
      specs.push(
        { name: names.hiddenKernel, shape: [inputs, F], init: glorot(inputs, F) },
        { name: names.hiddenBias, shape: [F], init: zeros([F]) },
        // Zero output weights: every coupling starts as the identity, so a flow VAE starts as a VAE.
        { name: names.outKernel, shape: [F, outputs], init: zeros([F, outputs]) },
        { name: names.outBias, shape: [outputs], init: zeros([outputs]) },
      );
    }
  }
  return specs;
}
