import * as tf from '@tensorflow/tfjs-core';
import { INPUT_DIM } from '../config';
import type { ModelKind } from '../config';
import { familyOf } from '../families';
import { FAMILY_INFO } from '../familyInfo';
import type { ModelParams } from '../params';
import { packedSize } from '../../lib/packedTriangle';

/**
 * test-posteriors.bin beside a model: what the map plots for each of the
 * 10,000 MNIST test digits (the family's point: posterior mean, code, z_e or
 * the flow's image of the base mean) and, where the posterior is a diagonal
 * Gaussian, its log-variances, and where it is a full-covariance Gaussian,
 * after those its covariances Sigma, each lower triangle packed row by row
 * [count, d(d + 1)/2]; float32 little-endian, row-major [count, latentDim],
 * points first. A cache: the page draws the
 * latent map from it at once instead of encoding 10,000 digits on start-up,
 * after checking a few rows against the model (a stale file is ignored).
 */
export const POSTERIORS_FILE = 'test-posteriors.bin';

export interface TestPosteriors {
  count: number;
  latentDim: number;
  means: Float32Array;
  /** log sigma^2 per axis (Sigma's diagonal where the covariance is full); null without a density to draw. */
  logVars: Float32Array | null;
  /** A full-covariance posterior's Sigma, packed [count, d(d + 1)/2] (lib/packedTriangle.ts). */
  covariances?: Float32Array;
}

export async function encodePosteriors(
  params: ModelParams,
  images: Float32Array,
  count: number,
): Promise<TestPosteriors> {
  const d = params.config.latentDim;
  const family = familyOf(params);
  const means = new Float32Array(count * d);
  const logVars = hasLogVars(params.config.kind) ? new Float32Array(count * d) : null;
  const covariances = hasCovariances(params.config.kind) ? new Float32Array(count * packedSize(d)) : undefined;
  const batch = 2000;
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    const outs = tf.tidy(() => {
      const x = tf.tensor2d(images.subarray(start * INPUT_DIM, (start + size) * INPUT_DIM), [size, INPUT_DIM]);
      const { means: points, logVars: spread, covariances: tilt } = family.mapPosteriors(params, x);
      return [points, spread ?? tf.zeros([0]), tilt ?? tf.zeros([0])];
    });
    const [points, spread, tilt] = outs;
    means.set(await points.data(), start * d);
    if (logVars) logVars.set(await spread.data(), start * d);
    if (covariances) covariances.set(await tilt.data(), start * packedSize(d));
    tf.dispose(outs);
  }
  return covariances ? { count, latentDim: d, means, logVars, covariances } : { count, latentDim: d, means, logVars };
}

export function posteriorsToBytes(p: TestPosteriors): Uint8Array {
  const n = p.means.length + (p.logVars?.length ?? 0) + (p.covariances?.length ?? 0);
  const out = new Float32Array(n);
  out.set(p.means);
  if (p.logVars) out.set(p.logVars, p.means.length);
  if (p.covariances) out.set(p.covariances, p.means.length + (p.logVars?.length ?? 0));
  // Float32Array is little-endian on every platform tfjs runs on.
  return new Uint8Array(out.buffer);
}

/** True when the family's map posteriors carry log-variances (Gaussian posteriors: diagonal or full). */
export function hasLogVars(kind: ModelKind): boolean {
  const shape = FAMILY_INFO[kind].posteriorShape;
  return shape === 'ellipse' || shape === 'tilted-ellipse';
}

/** True when they carry full covariances too (tilted ellipses). */
export function hasCovariances(kind: ModelKind): boolean {
  return FAMILY_INFO[kind].posteriorShape === 'tilted-ellipse';
}

/** Reads the file for a model of this kind and size; null when its length does not fit. */
export function posteriorsFromBytes(
  bytes: Uint8Array,
  kind: ModelKind,
  latentDim: number,
  count: number,
): TestPosteriors | null {
  const withLogVars = hasLogVars(kind);
  const withCovariances = hasCovariances(kind);
  const block = count * latentDim;
  const values = block * (withLogVars ? 2 : 1) + (withCovariances ? count * packedSize(latentDim) : 0);
  if (bytes.byteLength !== values * 4) return null;
  // Separate buffers (not views of one): each may be transferred to another thread on its own.
  const all = new Float32Array(bytes.slice().buffer);
  const means = all.slice(0, block);
  const logVars = withLogVars ? all.slice(block, 2 * block) : null;
  if (!withCovariances) return { count, latentDim, means, logVars };
  return { count, latentDim, means, logVars, covariances: all.slice(2 * block) };
}

/** True when the first `rows` rows match what the model gives now (within float noise). */
export async function posteriorsMatch(
  params: ModelParams,
  cached: TestPosteriors,
  images: Float32Array,
  rows = 64,
): Promise<boolean> {
  const fresh = await encodePosteriors(params, images, Math.min(rows, cached.count));
  const d = cached.latentDim;
  const close = (a: Float32Array, b: Float32Array) => a.every((v, i) => Math.abs(v - b[i]) <= 1e-3 * (1 + Math.abs(v)));
  return (
    close(fresh.means, cached.means.subarray(0, fresh.means.length)) &&
    (!fresh.logVars || !cached.logVars || close(fresh.logVars, cached.logVars.subarray(0, rows * d))) &&
    (!fresh.covariances ||
      !cached.covariances ||
      close(fresh.covariances, cached.covariances.subarray(0, fresh.covariances.length)))
  );
}
