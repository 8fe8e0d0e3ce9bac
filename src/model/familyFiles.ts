import * as tf from '@tensorflow/tfjs-core';
import { FAMILY_DEFAULTS, type ModelConfig } from './config';
import type { ExtraArrays, ModelArrays } from './arrays';
import { CODEBOOK, extraSpecs, PRIOR_EXTRAS } from './extras';
import { familyMeta, type FamilyMeta } from './familyMeta';
import type { ModelMeta } from './meta';

/**
 * The parts of a model beyond its encoder and decoder, on disk:
 * - a learned mixture prior: its parameters in meta.json `prior` (small, readable);
 * - a VQ-VAE codebook: its vectors in meta.json `codebook`;
 * - a flow's coupling networks: flow/weights.json (a standard tfjs weights
 *   manifest) + flow/weights.bin, described by meta.json `flow`.
 */

export const FLOW_FILES = { manifest: 'flow/weights.json', weights: 'flow/weights.bin' } as const;

/** A file of a model that does not fit: the message says which file and why. */
export class FamilyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FamilyFormatError';
  }
}

/** The family's meta.json fields, and the files that hold the rest (a flow's couplings). */
export async function familyParts(arrays: ModelArrays): Promise<{ meta: FamilyMeta; files: Map<string, Uint8Array> }> {
  const files = new Map<string, Uint8Array>();
  if (arrays.config.kind === 'flow-vae') {
    const flowExtras = arrays.extras.filter((e) => e.name.startsWith('flow/'));
    const tensors = flowExtras.map((e) => ({ name: e.name, tensor: tf.tensor(e.values, e.shape) }));
    try {
      const { data, specs } = await tf.io.encodeWeights(tensors);
      const manifest = { weightsManifest: [{ paths: ['weights.bin'], weights: specs }] };
      files.set(FLOW_FILES.manifest, new TextEncoder().encode(JSON.stringify(manifest)));
      files.set(FLOW_FILES.weights, new Uint8Array(data as ArrayBuffer));
    } finally {
      tf.dispose(tensors.map((t) => t.tensor));
    }
  }
  return { meta: familyMeta(arrays), files };
}

/** The config fields of the family, from meta.json. */
export function familyConfig(
  meta: ModelMeta,
): Pick<ModelConfig, 'prior' | 'codebookSize' | 'commitment' | 'codebookUpdate' | 'flowSteps' | 'flowHidden'> {
  return {
    prior: meta.prior?.kind === 'mog' ? { kind: 'mog', components: meta.prior.k } : { kind: 'standard' },
    codebookSize: meta.codebook?.size ?? FAMILY_DEFAULTS.codebookSize,
    commitment: meta.codebook?.commitment ?? FAMILY_DEFAULTS.commitment,
    codebookUpdate: meta.codebook?.update ?? FAMILY_DEFAULTS.codebookUpdate,
    flowSteps: meta.flow?.steps ?? FAMILY_DEFAULTS.flowSteps,
    flowHidden: meta.flow?.hidden ?? FAMILY_DEFAULTS.flowHidden,
  };
}

function flatMatrix(rows: number[][], columns: number, what: string): number[] {
  rows.forEach((row, i) => {
    if (row.length !== columns)
      throw new FamilyFormatError(`meta.json: ${what} row ${i} has ${row.length} values, expected ${columns}`);
  });
  return rows.flat();
}

async function readFlowWeights(read: (path: string) => Promise<Uint8Array | null>): Promise<Map<string, Float32Array>> {
  const manifestBytes = await read(FLOW_FILES.manifest);
  if (!manifestBytes)
    throw new FamilyFormatError(`${FLOW_FILES.manifest} is missing (a flow VAE keeps its couplings there)`);
  let manifest: { weightsManifest?: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }> };
  try {
    manifest = JSON.parse(new TextDecoder().decode(manifestBytes));
  } catch {
    throw new FamilyFormatError(`${FLOW_FILES.manifest} is not valid JSON`);
  }
  const group = manifest.weightsManifest?.[0];
  if (!group || !Array.isArray(group.weights))
    throw new FamilyFormatError(`${FLOW_FILES.manifest} has no weightsManifest`);
  const bytes = await read(FLOW_FILES.weights);
  if (!bytes) throw new FamilyFormatError(`${FLOW_FILES.weights} is missing`);
  const expected = group.weights.reduce((n, s) => n + 4 * s.shape.reduce((a, b) => a * b, 1), 0);
  if (bytes.byteLength !== expected) {
    throw new FamilyFormatError(`${FLOW_FILES.weights} is ${bytes.byteLength} bytes, expected ${expected}`);
  }
  const decoded = tf.io.decodeWeights(bytes.slice().buffer, group.weights);
  const out = new Map<string, Float32Array>();
  for (const [name, tensor] of Object.entries(decoded)) {
    out.set(name, new Float32Array(tensor.dataSync() as Float32Array));
    tensor.dispose();
  }
  return out;
}

/** The family's extra tensors for `config`, read from meta.json and the family's files; checked against the specs. */
export async function familyExtras(
  config: ModelConfig,
  meta: ModelMeta,
  read: (path: string) => Promise<Uint8Array | null>,
): Promise<ExtraArrays[]> {
  const d = config.latentDim;
  const sources = new Map<string, number[] | Float32Array>();
  if (meta.prior?.kind === 'mog') {
    sources.set(PRIOR_EXTRAS.logits, meta.prior.logits);
    sources.set(PRIOR_EXTRAS.means, flatMatrix(meta.prior.means, d, 'prior.means'));
    sources.set(PRIOR_EXTRAS.logVars, flatMatrix(meta.prior.logVars, d, 'prior.logVars'));
  }
  if (config.kind === 'vq-vae') {
    if (!meta.codebook) throw new FamilyFormatError('meta.json: a VQ-VAE needs its codebook');
    sources.set(CODEBOOK, flatMatrix(meta.codebook.vectors, d, 'codebook.vectors'));
  }
  if (config.kind === 'flow-vae') {
    if (!meta.flow) throw new FamilyFormatError('meta.json: a flow VAE needs its flow description');
    for (const [name, values] of await readFlowWeights(read)) sources.set(name, values);
  }
  return extraSpecs(config).map((spec) => {
    const values = sources.get(spec.name);
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const where = spec.name.startsWith('flow/') ? FLOW_FILES.weights : 'meta.json';
    if (!values) throw new FamilyFormatError(`${where}: ${spec.name} is missing`);
    if (values.length !== size) {
      throw new FamilyFormatError(
        `${where}: ${spec.name} has ${values.length} values, expected [${spec.shape.join(', ')}]`,
      );
    }
    return { name: spec.name, shape: spec.shape, values: Float32Array.from(values) };
  });
}
