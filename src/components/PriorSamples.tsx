import { ImageStrip } from './ImageStrip';
import { useStore } from '../state/createStore';
import { sampleFromPrior } from '../state/explorerActions';
import { explorerStore } from '../state/explorerStore';
import type { SlotView } from '../state/slotView';

export function PriorSamples({ views }: { views: SlotView[] }) {
  const samples = useStore(explorerStore, (s) => s.priorSamples);
  return (
    <section className="generator prior-samples" aria-labelledby="prior-heading">
      <h3 id="prior-heading">Sample from the prior</h3>
      <p className="hint">
        {samples.count} draws from each model&apos;s own generator, decoded. A VAE draws from its prior N(0, I) (two
        slots with that prior decode the same draws); the VAE was trained so that the prior covers its codes, so its
        samples look like the variety of the data. Nothing tied an AE&apos;s codes to N(0, I): they spread over tens of
        units (see its axes), so the same draws all land in one small patch near its origin and give a few digit types
        and blends. A learned mixture prior draws from its components; a VQ-VAE draws codes by how often the test digits
        use them.
      </p>
      <button type="button" className="primary" onClick={() => void sampleFromPrior()}>
        Sample from the prior
      </button>
      {views.map((v) => {
        const mine = samples.bySlot[v.slot];
        return (
          <figure key={v.slot} className="prior-strip">
            <figcaption>
              {v.label}
              {mine ? `: from ${mine.source}` : ': drawing…'}
            </figcaption>
            <ImageStrip
              images={mine?.images ?? null}
              count={samples.count}
              columns={samples.count}
              cell={48}
              label={`Prior samples (${v.label})`}
            />
          </figure>
        );
      })}
    </section>
  );
}
