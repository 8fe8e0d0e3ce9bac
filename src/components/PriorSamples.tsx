import { useEffect, useRef } from 'react';
import { ImageStrip } from './ImageStrip';
import { useStore } from '../state/createStore';
import { sampleFromPrior } from '../state/explorerActions';
import { explorerStore } from '../state/explorerStore';
import type { SlotView } from '../state/slotView';

const COUNT = 10;

export function PriorSamples({ views }: { views: SlotView[] }) {
  const samples = useStore(explorerStore, (s) => s.priorSamples);
  // Something to see from the start: one draw as soon as the models are in.
  const modelsShown = views.map((v) => `${v.slot}:${v.name}`).join('|');
  const started = useRef(false);
  useEffect(() => {
    if (started.current || views.length === 0) return;
    started.current = true;
    void sampleFromPrior(COUNT);
  }, [modelsShown, views.length]);
  return (
    <section className="generator prior-samples" aria-labelledby="prior-heading">
      <h3 id="prior-heading">Sample from the prior</h3>
      <p className="hint">
        {COUNT} draws from each model&apos;s own generator, decoded. A VAE draws from its prior N(0, I) (two slots with
        that prior decode the same draws); the VAE was trained so that the prior covers its codes, so its samples look
        like the variety of the data. Nothing tied an AE&apos;s codes to N(0, I): they spread over tens of units (see
        its axes), so the same draws all land in one small patch near its origin and give a few digit types and blends.
        A learned mixture prior draws from its components; a VQ-VAE draws codes by how often the test digits use them.
      </p>
      <button type="button" className="primary" onClick={() => void sampleFromPrior(COUNT)}>
        Sample from the prior
      </button>
      {samples &&
        views.map((v) => (
          <figure key={v.slot} className="prior-strip">
            <figcaption>
              {v.label}
              {samples.sources[v.slot] && `: from ${samples.sources[v.slot]}`}
            </figcaption>
            <ImageStrip
              images={samples.images[v.slot] ?? null}
              count={samples.count}
              columns={samples.count}
              cell={48}
              label={`Prior samples (${v.label})`}
            />
          </figure>
        ))}
    </section>
  );
}
