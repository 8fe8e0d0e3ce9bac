import { z } from 'zod';
import { parseSafetensors, SafetensorsError, type SafetensorsFile } from './safetensors';
import { INPUT_DIM, REFERENCE_VAE_CONFIG, type ModelConfig } from '../model/config';
import { familyInfo } from '../model/familyInfo';
import { LOADABLE_LATENT_DIM, type ModelMeta } from '../model/format/meta';
import { DATASET_IDS, DEFAULT_DATASET } from '../data/datasets';
import type { DenseArrays, ModelArrays } from '../model/arrays';

/**
 * A PyTorch VAE or AE, as tools/export_vae.py writes it: its weights in a
 * .safetensors file and a description that says which tensor is which layer
 * (a JSON file beside it, or the same JSON under the key "latent_explorer"
 * of the file's __metadata__). PyTorch's nn.Linear keeps its weight as
 * [out, in]; the explorer's dense layers as [in, out]: the reader transposes,
 * after checking every shape against the chain 784 -> hidden -> heads ->
 * latent -> decoder -> 784.
 *
 * The explorer's MLPs use ReLU between layers, a linear head (mu and
 * log sigma^2 for a VAE, z for an AE) and a sigmoid on the decoder's output
 * (Bernoulli means); its decoder mirrors the encoder. A module written the
 * usual way (pytorch/examples vae/main.py: fc1, fc21, fc22, fc3, fc4) is
 * exactly that.
 */

export const TORCH_DESCRIPTION_FORMAT = 'latent-explorer-torch/1';
/** The __metadata__ key that may carry the description inside the .safetensors file. */
export const TORCH_METADATA_KEY = 'latent_explorer';

const layerSchema = z.object({ weight: z.string().min(1), bias: z.string().min(1) });

export const torchDescriptionSchema = z.object({
  format: z.literal(TORCH_DESCRIPTION_FORMAT),
  family: z.enum(['vae', 'ae']),
  latentDim: z.number().int().min(LOADABLE_LATENT_DIM.min).max(LOADABLE_LATENT_DIM.max),
  likelihood: z.enum(['bernoulli', 'gaussian']).default('bernoulli'),
  gaussianSigma: z.number().positive().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  trainedOn: z.string().default('MNIST (PyTorch)'),
  /** The dataset it was trained on: the page evaluates it against that dataset's test split. */
  dataset: z.enum(DATASET_IDS).default(DEFAULT_DATASET),
  epochs: z.number().min(0).default(0),
  beta: z.number().min(0).default(1),
  seed: z.number().int().default(0),
  layers: z.object({
    encoder: z.array(layerSchema).min(1),
    heads: z.array(layerSchema).min(1),
    decoder: z.array(layerSchema).min(2),
  }),
});

export type TorchDescription = z.infer<typeof torchDescriptionSchema>;

export class TorchModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TorchModelError';
  }
}

/** Parses a description (JSON text); `source` names where it came from in messages. */
export function parseTorchDescription(text: string, source: string): TorchDescription {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new TorchModelError(`${source} is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const result = torchDescriptionSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new TorchModelError(`${source}: ${issue.path.join('.') || 'the description'}: ${issue.message}`);
  }
  return result.data;
}

export interface TorchModel {
  arrays: ModelArrays;
  meta: ModelMeta;
}

/**
 * The model in a .safetensors file: `descriptionText` from a JSON file beside
 * it, or null to read it from the file's __metadata__.
 */
export function torchModelFromSafetensors(
  bytes: Uint8Array,
  fileName: string,
  descriptionText: string | null,
  descriptionName = 'the description',
): TorchModel {
  const file = parseSafetensors(bytes, fileName);
  let description: TorchDescription;
  if (descriptionText !== null) description = parseTorchDescription(descriptionText, descriptionName);
  else {
    const embedded = file.metadata?.[TORCH_METADATA_KEY];
    if (embedded === undefined)
      throw new TorchModelError(
        `${fileName} carries no description (no "${TORCH_METADATA_KEY}" in its __metadata__): choose its .json description with it`,
      );
    description = parseTorchDescription(embedded, `${fileName}'s __metadata__.${TORCH_METADATA_KEY}`);
  }
  return modelFromTensors(file, fileName, description);
}

function modelFromTensors(file: SafetensorsFile, fileName: string, d: TorchDescription): TorchModel {
  const fail = (what: string): never => {
    throw new TorchModelError(`${fileName}: ${what}`);
  };
  const headSpecs = familyInfo(d.family).heads;
  if (d.layers.heads.length !== headSpecs.length)
    fail(`${familyInfo(d.family).headsInWords}, the description names ${d.layers.heads.length}`);
  const used = new Set<string>();
  const take = (name: string) => {
    const t = file.tensors.get(name);
    if (!t) return fail(`tensor "${name}" named by the description is not in the file`);
    if (used.has(name)) fail(`tensor "${name}" is named twice by the description`);
    used.add(name);
    return t;
  };
  /** nn.Linear(in, out): weight [out, in], bias [out]; `inputs` is what the layer before gives. */
  const dense = (layer: { weight: string; bias: string }, inputs: number, units: number | null): DenseArrays => {
    const w = take(layer.weight);
    const b = take(layer.bias);
    if (w.shape.length !== 2) fail(`tensor "${layer.weight}" has shape [${w.shape.join(', ')}], expected [out, in]`);
    const [out, inn] = w.shape;
    if (inn !== inputs)
      fail(
        `tensor "${layer.weight}" has shape [${w.shape.join(', ')}]: it takes ${inn} inputs, the layer before gives ${inputs}`,
      );
    if (units !== null && out !== units)
      fail(`tensor "${layer.weight}" has shape [${w.shape.join(', ')}]: it gives ${out} outputs, expected ${units}`);
    if (b.shape.length !== 1 || b.shape[0] !== out)
      fail(`tensor "${layer.bias}" has shape [${b.shape.join(', ')}], expected [${out}] to match "${layer.weight}"`);
    const kernel = new Float32Array(inn * out);
    for (let o = 0; o < out; o++) for (let i = 0; i < inn; i++) kernel[i * out + o] = w.values[o * inn + i];
    return { kernel, bias: b.values.slice(), inputs: inn, units: out };
  };

  const encoder: DenseArrays[] = [];
  let width = INPUT_DIM;
  for (const layer of d.layers.encoder) {
    const l = dense(layer, width, null);
    encoder.push(l);
    width = l.units;
  }
  const heads = d.layers.heads.map((layer, i) => dense(layer, width, headSpecs[i].width(d.latentDim)));
  const decoder: DenseArrays[] = [];
  width = d.latentDim;
  d.layers.decoder.forEach((layer, i) => {
    const last = i === d.layers.decoder.length - 1;
    const l = dense(layer, width, last ? INPUT_DIM : null);
    decoder.push(l);
    width = l.units;
  });
  const hidden = encoder.map((l) => l.units);
  const decoderSizes = decoder.slice(0, -1).map((l) => l.units);
  if (decoderSizes.join() !== [...hidden].reverse().join())
    fail(
      `the decoder's hidden sizes [${decoderSizes.join(', ')}] do not mirror the encoder's [${hidden.join(', ')}], as the explorer's models do`,
    );
  const extra = [...file.tensors.keys()].filter((name) => !used.has(name));
  if (extra.length)
    fail(
      `tensor${extra.length > 1 ? 's' : ''} ${extra.map((n) => `"${n}"`).join(', ')} ${extra.length > 1 ? 'are' : 'is'} in the file but not in the description`,
    );

  const config: ModelConfig = {
    ...REFERENCE_VAE_CONFIG,
    kind: d.family,
    latentDim: d.latentDim,
    hidden,
    likelihood: d.likelihood,
    gaussianSigma: d.gaussianSigma ?? REFERENCE_VAE_CONFIG.gaussianSigma,
    beta: d.beta,
    seed: d.seed,
  };
  const meta: ModelMeta = {
    kind: d.family,
    latentDim: d.latentDim,
    hidden,
    likelihood: d.likelihood,
    beta: config.beta,
    epochs: d.epochs,
    seed: d.seed,
    trainedOn: d.trainedOn,
    dataset: d.dataset,
    testMetrics: null,
    name: d.name,
    description: d.description ?? `Imported from PyTorch (${fileName})`,
    ...(d.likelihood === 'gaussian' ? { gaussianSigma: config.gaussianSigma } : {}),
  };
  return { arrays: { config, encoder, heads, decoder, extras: [] }, meta };
}

export { SafetensorsError };
