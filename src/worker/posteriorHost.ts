import { INPUT_DIM } from '../model/config';
import type { ModelParams } from '../model/params';
import { labModelFor, withRowsQuadrature } from '../model/posterior/fromModel';
import { encodePosteriors } from '../model/format/posteriorsFile';
import {
  digitFigures,
  estimators,
  identity,
  posteriorQuadrature,
  splitGap,
  truePosterior,
  type LabModel,
} from '../model/posterior/lab';
import { gridPoints, neighbourOrder } from '../model/posterior/numerics';
import type { LabRequest, LabUpdate, SummaryUpdate } from '../model/posterior/protocol';
import { Cancelled, type QuadratureResult } from '../model/posterior/quadrature';
import { elboByMonteCarlo, sampledLogLikelihood } from '../model/posterior/estimators';
import { yieldToEventLoop } from '../lib/yieldToEventLoop';

/**
 * The explorer worker's side of the posterior lab: runs the stages for one
 * image and sends each as it is done; a newer request (another digit) or a
 * cancel stops the running one at its next check. The test-set summary is a
 * run of its own: it and the lab's digit go on side by side (each yields
 * between its steps), and neither touches the other's tensors.
 */

type Send<T> = (update: T) => void;

let labGeneration = 0;
let summaryGeneration = 0;
let last: { generation: number; model: LabModel & { dispose(): void }; quad: QuadratureResult; kl: number } | null =
  null;

export function cancelLab(): void {
  labGeneration++;
}

export function cancelSummary(): void {
  summaryGeneration++;
}

/** Frees the finished lab's model (kept for "Best q"), unless a stage still running uses it. */
function forget(): void {
  const model = last?.model;
  last = null;
  if (model && !inUse.has(model)) model.dispose();
}

/** Lab models a running stage still reads (disposed by that stage when it ends). */
const inUse = new Set<LabModel>();

export async function runPosteriorLab(
  params: ModelParams,
  image: Float32Array,
  request: LabRequest,
  send: Send<LabUpdate>,
): Promise<void> {
  const mine = ++labGeneration;
  const cancelled = () => mine !== labGeneration;
  forget();
  const model = await labModelFor(params, image);
  inUse.add(model);
  try {
    if (model.latentDim === 2) {
      let started = performance.now();
      const quad = await posteriorQuadrature(model, cancelled);
      const { levels, ...rest } = quad;
      send({
        stage: 'quadrature',
        quadrature: {
          logPx: rest.logPx,
          previous: rest.previous,
          converged: rest.converged,
          grid: rest.grid,
          evaluations: rest.evaluations,
          levels,
          ms: performance.now() - started,
        },
      });
      await yieldToEventLoop();
      started = performance.now();
      const truth = await truePosterior(model, quad, request.displaySize, cancelled);
      const displayMs = performance.now() - started;
      // A flow's q is no ellipse: its density on the same grid, for contours.
      let logDensity: Float32Array | null = null;
      if (!model.q.gaussian) {
        const { box, nx, ny } = truth.display;
        logDensity = Float32Array.from(await model.logQ(gridPoints(box, nx, ny), nx * ny));
      }
      if (cancelled()) throw new Cancelled();
      send({ stage: 'posterior', truth, q: { ...model.q, logDensity }, displayMs });
      last = { generation: mine, model, quad, kl: truth.klQToPosterior };
      await yieldToEventLoop();
      send({ stage: 'identity', identity: await identity(model, quad, truth.klQToPosterior, request.elboDraws) });
      await yieldToEventLoop();
    }
    const run = await estimators(
      model,
      request.Ks,
      request.repeats,
      request.elboDraws,
      (fraction) => send({ stage: 'estimators-progress', fraction }),
      cancelled,
    );
    send({ stage: 'estimators', ...run });
    send({ stage: 'done' });
  } catch (err) {
    if (err instanceof Cancelled) return;
    send({ stage: 'error', message: err instanceof Error ? err.message : String(err) });
  } finally {
    inUse.delete(model);
    if (last?.model !== model) model.dispose();
  }
}

/** "Best q for this digit": the last lab's image, its posterior cells; animated through 'best-q-step' updates. */
export async function runBestQ(send: Send<LabUpdate>): Promise<void> {
  if (!last || last.generation !== labGeneration) {
    send({ stage: 'error', message: 'The posterior lab has no finished grid for this digit yet' });
    return;
  }
  const mine = last;
  inUse.add(mine.model);
  try {
    const split = await splitGap(
      mine.model,
      mine.quad,
      mine.kl,
      (family, path) => send({ stage: 'best-q-step', family, path }),
      () => mine.generation !== labGeneration,
    );
    send({ stage: 'best-q', ...split });
  } catch (err) {
    if (err instanceof Cancelled) return;
    send({ stage: 'error', message: err instanceof Error ? err.message : String(err) });
  } finally {
    inUse.delete(mine.model);
    if (last?.model !== mine.model) mine.model.dispose();
  }
}

/** Digits per batch of the test-set run's quadrature (their decoder passes shared). */
const SUMMARY_BATCH = 32;

/**
 * The order the test-set run takes its digits in: by where their q(z|x)
 * sits (rows of x, then y within), so each batch holds neighbours, whose
 * quadratures share most of their points.
 */
async function spatialOrder(params: ModelParams, images: Float32Array, rows: number[]): Promise<number[]> {
  const picked = new Float32Array(rows.length * INPUT_DIM);
  rows.forEach((row, k) => picked.set(images.subarray(row * INPUT_DIM, (row + 1) * INPUT_DIM), k * INPUT_DIM));
  const { means } = await encodePosteriors(params, picked, rows.length);
  return neighbourOrder(means, rows.length).map((k) => rows[k]);
}

/**
 * The lab over many test digits: quadrature (in batches of neighbouring
 * digits, decoder passes shared), ELBO and KL on the grid, importance
 * sampling (one run of K), the gap split. For a latent size above 2, the
 * ELBO (Monte Carlo) and importance sampling only, digit by digit.
 */
export async function runPosteriorSummary(
  params: ModelParams,
  images: Float32Array,
  indices: number[],
  iwaeK: number,
  send: Send<SummaryUpdate>,
): Promise<void> {
  const mine = ++summaryGeneration;
  const cancelled = () => mine !== summaryGeneration;
  const started = performance.now();
  let done = 0;
  const finished = async () => {
    send({ stage: 'progress', done: ++done, count: indices.length });
    await yieldToEventLoop();
  };
  try {
    if (params.config.latentDim === 2) {
      const order = await spatialOrder(params, images, indices);
      for (let start = 0; start < order.length; start += SUMMARY_BATCH) {
        if (cancelled()) return;
        const rows = order.slice(start, start + SUMMARY_BATCH);
        await withRowsQuadrature(params, images, rows, cancelled, async (models, quads) => {
          for (let k = 0; k < rows.length; k++) {
            send({ stage: 'digit', figures: await digitFigures(models[k], rows[k], iwaeK, cancelled, quads[k]) });
            await finished();
          }
        });
      }
    } else {
      for (const index of indices) {
        if (cancelled()) return;
        const model = await labModelFor(params, images.subarray(index * INPUT_DIM, (index + 1) * INPUT_DIM));
        try {
          const [iwae] = await sampledLogLikelihood(model.logJoint, model.drawQ, {
            Ks: [iwaeK],
            repeats: 1,
            seed: 3 + index,
          });
          const elbo = await elboByMonteCarlo(model.logJoint, model.drawQ, 1000, 4242, null);
          send({
            stage: 'digit',
            figures: {
              index,
              logPx: NaN,
              elbo: elbo.elbo,
              iwae: iwae.mean,
              klQToPosterior: NaN,
              amortisationGap: NaN,
              approximationGap: NaN,
              fitFailed: null,
              gapFamily: model.q.family ?? 'diagonal',
            },
          });
        } finally {
          model.dispose();
        }
        await finished();
      }
    }
    send({ stage: 'done', count: indices.length, seconds: (performance.now() - started) / 1000 });
  } catch (err) {
    if (err instanceof Cancelled) return;
    send({ stage: 'error', message: err instanceof Error ? err.message : String(err) });
  }
}
