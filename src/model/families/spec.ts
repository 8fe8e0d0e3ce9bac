import type { ModelArrays } from '../arrays';
import type { ModelConfig, ModelKind, PriorConfig } from '../config';
import type { Rng } from '../../lib/rng';
import type { ModelMeta } from '../format/meta';
import type { explorer } from '../../i18n/en/explorer';
import type { NetworkLayers } from '../network';

/**
 * What a latent family declares without tfjs: the part the page, the
 * workers, the file format and the scripts read. Each family's folder
 * (families/<kind>/info.ts) holds one; familyInfo.ts lists them. The tfjs
 * half of a family (its loss, evaluation, posterior) is families/<kind>/family.ts.
 */
/**
 * How the map draws one digit's posterior: an axis-aligned sigma ellipse (a diagonal Gaussian), a tilted
 * one (a full covariance), a point (a code), density contours (a flow), the code's Voronoi cell (VQ).
 */
export type PosteriorShape = 'ellipse' | 'tilted-ellipse' | 'point' | 'contours' | 'voronoi-cell';

/** How a family's KL figure is obtained: closed form, a one-sample estimate, or log K (a VQ-VAE's uniform codes). */
export type KlMethod = 'closed-form' | 'sampled' | 'log-k';

/**
 * One output of the encoder: its layer's name in encoder/model.json and its width for a latent size d
 * (mu, log sigma^2, z and z_e are d wide; a full covariance's Cholesky factor would be d(d + 1)/2).
 */
export interface HeadSpec {
  name: string;
  width(latentDim: number): number;
}

/** A head as wide as the latent. */
export function latentHead(name: string): HeadSpec {
  return { name, width: (latentDim) => latentDim };
}

/** A tensor a family has beyond the encoder/decoder MLPs, with its initialiser. */
export interface ExtraSpec {
  name: string;
  shape: number[];
  init: (rng: Rng) => Float32Array;
  /** The file that holds it, for messages (default meta.json). */
  file?: string;
}

/** A family's config fields that the training form has a field for (its label and hint are messages named after it). */
export type FamilySettingName = 'codebookSize' | 'commitment' | 'codebookUpdate' | 'flowSteps' | 'convFilters';

/**
 * One field of a family's own in the training form: a number within limits, one of a few choices (each
 * option's label a message of training.settings.options), or a comma-separated list of layer sizes.
 */
export type FamilySetting =
  | { name: 'codebookSize' | 'commitment' | 'flowSteps'; kind: 'number'; integer: boolean; min: number; max: number }
  | {
      name: 'codebookUpdate';
      kind: 'choice';
      options: readonly { value: ModelConfig['codebookUpdate']; label: 'codebookEma' | 'codebookLoss' }[];
    }
  | {
      name: 'convFilters';
      kind: 'sizes';
      layers: { min: number; max: number };
      units: { min: number; max: number };
    };

/** meta.json's description of a model's family parts. */
export type FamilyMeta = Pick<ModelMeta, 'prior' | 'codebook' | 'flow' | 'convFilters'>;

/** The config fields only some families use, as meta.json gives them. */
export type FamilyConfigFields = Pick<
  ModelConfig,
  'codebookSize' | 'commitment' | 'codebookUpdate' | 'flowSteps' | 'flowHidden' | 'convFilters'
>;

/**
 * The mixtures panel's tools a family's models can take: a GMM fitted to its codes or posterior means
 * ('gmm-on-codes'), the aggregate posterior as a mixture of its diagonal Gaussians ('aggregate-posterior'),
 * the infinite mixture p(x) = integral of p(x|z) p(z) drawn from its prior ('infinite-mixture').
 */
export type MixtureTool = 'gmm-on-codes' | 'aggregate-posterior' | 'infinite-mixture';

/** A map caption's message (explorer.caption.<key>): what the picture of a family shows, in the VAE story's words. */
export type CaptionKey = keyof typeof explorer.caption;

export interface FamilyInfo {
  kind: ModelKind;
  /** Short name for labels: "VAE", "AE", "VQ-VAE", "Flow VAE". */
  label: string;
  /** How the map draws one digit's posterior. */
  posteriorShape: PosteriorShape;
  /** q(z|x) is a density (importance sampling, the posterior lab); false for point codes. */
  hasDensity: boolean;
  /** q(z|x) is the diagonal Gaussian N(mu, diag sigma^2) itself (the reparameterisation lab, closed-form q). */
  diagonalGaussianPosterior: boolean;
  /** The loss has a KL term to a prior (and so a beta and a warm-up). */
  hasKlTerm: boolean;
  /** The prior can be learned (a mixture of Gaussians). */
  hasPrior: boolean;
  /** A codebook of config.codebookSize vectors: code usage, perplexity, dead codes, decoding snaps to a code. */
  hasCodebook: boolean;
  /**
   * What "samples from the model" draws: 'prior', its prior (N(0, I) or the learned mixture); 'codes', its
   * codes by how often the test set uses them (a VQ-VAE); 'probe', N(0, I) though nothing made the codes
   * follow it (an AE: the draw shows why that fails).
   */
  generator: 'prior' | 'codes' | 'probe';
  /** The map's hole figure: the share of the plane far from every code, measured against 'prior' draws or the 'codes' box; null where it does not apply. */
  holes: 'prior' | 'codes' | null;
  mixtureTools: readonly MixtureTool[];
  /** The map's caption, for a model with the standard prior or a learned mixture. */
  caption(prior: PriorConfig['kind']): CaptionKey;
  /** The config fields only this family uses (beyond the prior's): its files must keep these. */
  configFields: readonly (keyof FamilyConfigFields)[];
  /** Those of them the training form shows and checks, in order, with how to read each. */
  settings: readonly FamilySetting[];
  /** Its encoder trunk and decoder, layer by layer, where they are not the MLP of config.hidden (network.ts). */
  network?(config: ModelConfig): NetworkLayers;
  /** The encoder's outputs, in order, named as its layers are in encoder/model.json, with their widths. */
  heads: readonly HeadSpec[];
  /** The same in words, for a file whose encoder has other outputs: "a VAE encoder has two outputs [zMean, zLogVar]". */
  headsInWords: string;
  /** How the evaluation's KL figure is computed under the given prior; null without one. */
  klMethod(prior: PriorConfig): KlMethod | null;
  /** The family's own tensors (the mixture prior's are the prior's: extras.ts). */
  extras(config: ModelConfig): ExtraSpec[];
  /** Its meta.json fields (beyond the prior's), from the weights. */
  meta(arrays: ModelArrays): FamilyMeta;
  /** Its config fields from meta.json (absent ones: FAMILY_DEFAULTS). */
  configFromMeta(meta: ModelMeta): Partial<FamilyConfigFields>;
}
