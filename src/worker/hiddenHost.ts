import { INPUT_DIM } from '../model/config';
import type { ModelParams } from '../model/params';
import {
  hiddenFiguresOver,
  hiddenPicturesFor,
  hiddenQuadratureFor,
  hiddenSampledFor,
} from '../model/posterior/hiddenFromModel';
import { Cancelled } from '../model/posterior/inpainting';
import type { HiddenRequest, HiddenSummaryUpdate, HiddenUpdate, QPlace } from '../model/posterior/hiddenProtocol';
import { yieldToEventLoop } from '../lib/yieldToEventLoop';

/**
 * The explorer worker's side of the hidden half: one image's figures,
 * pictures and completions stage by stage, and the run over many test
 * digits; a newer request or a cancel stops the running one at its next
 * check (between quadrature levels and between stages).
 */

type Send<T> = (update: T) => void;

let generation = 0;
let summaryGeneration = 0;

export function cancelHidden(): void {
  generation++;
}

export function cancelHiddenSummary(): void {
  summaryGeneration++;
}

const place = ({ mean, spread, gaussian }: QPlace): QPlace => ({ mean, spread, gaussian });

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** One image (784 pixels in [0, 1]) with `mask` (1 = hidden) under the model. */
export async function runHidden(
  params: ModelParams,
  image: Float32Array,
  mask: Uint8Array,
  request: HiddenRequest,
  send: Send<HiddenUpdate>,
): Promise<void> {
  const mine = ++generation;
  const cancelled = () => mine !== generation;
  try {
    let started = performance.now();
    if (params.config.latentDim !== 2) {
      const run = await hiddenSampledFor(params, image, mask, request.draws, request.completions, 17);
      if (cancelled()) return;
      send({
        stage: 'figures',
        method: 'importance',
        figures: run.figures,
        ess: run.ess,
        draws: run.draws,
        ms: performance.now() - started,
      });
      send({ stage: 'completions', codes: run.completions, images: run.images, exactDraws: false });
      send({ stage: 'done' });
      return;
    }
    const run = await hiddenQuadratureFor(params, image, 1, mask, cancelled);
    try {
      const [result] = run.results;
      send({
        stage: 'figures',
        method: 'quadrature',
        figures: result.figures,
        evaluations: result.evaluations,
        ms: performance.now() - started,
      });
      await yieldToEventLoop();
      if (cancelled()) throw new Cancelled();
      started = performance.now();
      const pictures = await hiddenPicturesFor(
        params,
        image,
        mask,
        result,
        run.encoders[0],
        request.displaySize,
        request.completions,
        17,
      );
      if (cancelled()) throw new Cancelled();
      send({
        stage: 'posterior',
        display: pictures.display,
        encoder: place(run.encoders[0].q),
        whole: place(run.wholeQs[0]),
        ms: performance.now() - started,
      });
      send({ stage: 'completions', codes: pictures.codes, images: pictures.completions, exactDraws: true });
      send({ stage: 'done' });
    } finally {
      run.dispose();
    }
  } catch (err) {
    if (err instanceof Cancelled || cancelled()) return;
    send({ stage: 'error', message: messageOf(err) });
  }
}

/** log p(x_h | x_v) three ways over test digits (rows of `images`; `indices` their test numbers), 2-D. */
export async function runHiddenSummary(
  params: ModelParams,
  images: Float32Array,
  indices: ArrayLike<number>,
  mask: Uint8Array,
  send: Send<HiddenSummaryUpdate>,
): Promise<void> {
  const mine = ++summaryGeneration;
  const cancelled = () => mine !== summaryGeneration;
  const count = indices.length;
  const started = performance.now();
  let done = 0;
  try {
    if (params.config.latentDim !== 2) throw new Error('the test-set run of the hidden half needs a 2-D latent');
    await hiddenFiguresOver(
      params,
      images.subarray(0, count * INPUT_DIM),
      count,
      mask,
      async (row, figures) => {
        send({ stage: 'digit', index: indices[row], figures });
        send({ stage: 'progress', done: ++done, count });
        await yieldToEventLoop();
      },
      cancelled,
    );
    send({ stage: 'done', count, seconds: (performance.now() - started) / 1000 });
  } catch (err) {
    if (err instanceof Cancelled || cancelled()) return;
    send({ stage: 'error', message: messageOf(err) });
  }
}
