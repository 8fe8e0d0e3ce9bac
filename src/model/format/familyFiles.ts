import { FAMILY_DEFAULTS, type ModelConfig } from '../config';
import type { ExtraArrays, ModelArrays } from '../arrays';
import { extraSpecs, PRIOR_EXTRAS } from '../extras';
import { familyInfo } from '../familyInfo';
import { familyMeta, type FamilyMeta } from './familyMeta';
import { familyOf } from '../families';
import { FamilyFormatError, flatMatrix } from '../families/parts';
import type { ReadFile } from '../families/types';
import type { ModelMeta } from './meta';

export { FamilyFormatError } from '../families/parts';

/**
 * The parts of a model beyond its encoder and decoder, on disk: a learned
 * mixture prior's parameters in meta.json `prior` (small, readable), for
 * every family with a prior; then what the family declares (info.ts for its
 * meta.json fields, family.ts `files` for the files beside it: a VQ-VAE's
 * codebook in meta.json `codebook`, a flow's couplings in flow/).
 */

/** The family's meta.json fields, and the files that hold the rest (a flow's couplings). */
export async function familyParts(arrays: ModelArrays): Promise<{ meta: FamilyMeta; files: Map<string, Uint8Array> }> {
  const files = (await familyOf(arrays.config.kind).files?.write(arrays)) ?? new Map<string, Uint8Array>();
  return { meta: familyMeta(arrays), files };
}

/** The config fields of the family, from meta.json. */
export function familyConfig(
  meta: ModelMeta,
): Pick<
  ModelConfig,
  'prior' | 'codebookSize' | 'commitment' | 'codebookUpdate' | 'flowSteps' | 'flowHidden' | 'convFilters'
> {
  return {
    ...FAMILY_DEFAULTS,
    prior: meta.prior?.kind === 'mog' ? { kind: 'mog', components: meta.prior.k } : { kind: 'standard' },
    ...familyInfo(meta.kind).configFromMeta(meta),
  };
}

/** The family's extra tensors for `config`, read from meta.json and the family's files; checked against the specs. */
export async function familyExtras(config: ModelConfig, meta: ModelMeta, read: ReadFile): Promise<ExtraArrays[]> {
  const d = config.latentDim;
  const sources = new Map<string, ArrayLike<number>>();
  if (familyInfo(config.kind).hasPrior && meta.prior?.kind === 'mog') {
    sources.set(PRIOR_EXTRAS.logits, meta.prior.logits);
    sources.set(PRIOR_EXTRAS.means, flatMatrix(meta.prior.means, d, 'prior.means'));
    sources.set(PRIOR_EXTRAS.logVars, flatMatrix(meta.prior.logVars, d, 'prior.logVars'));
  }
  const own = familyOf(config.kind).files;
  if (own) for (const [name, values] of await own.read(config, meta, read)) sources.set(name, values);
  return extraSpecs(config).map((spec) => {
    const values = sources.get(spec.name);
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const where = spec.file ?? 'meta.json';
    if (!values) throw new FamilyFormatError(`${where}: ${spec.name} is missing`);
    if (values.length !== size) {
      throw new FamilyFormatError(
        `${where}: ${spec.name} has ${values.length} values, expected [${spec.shape.join(', ')}]`,
      );
    }
    return { name: spec.name, shape: spec.shape, values: Float32Array.from(values) };
  });
}
