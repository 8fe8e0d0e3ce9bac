import { ImageStrip } from './ImageStrip';
import { useStore } from '../state/createStore';
import { sampleFromPrior } from '../state/explorerActions';
import { explorerStore } from '../state/explorerStore';
import type { SlotView } from '../state/slotView';

const COUNT = 10;

export function PriorSamples({ views }: { views: SlotView[] }) {
  const samples = useStore(explorerStore, (s) => s.priorSamples);
  return (
    <section className="generator prior-samples" aria-labelledby="prior-heading">
      <h3 id="prior-heading">Sample from the prior</h3>
      <p className="hint">
        The same {COUNT} draws z ~ N(0, I), decoded by each model. The VAE was trained so that the prior covers its
        codes, so its samples look like the variety of the data. Nothing tied the AE&apos;s codes to N(0, I): they
        spread over tens of units (see its axes), so the same draws all land in one small patch near its origin and give
        a few digit types and blends; and the AE offers no other distribution to sample from.
      </p>
      <button type="button" className="primary" onClick={() => void sampleFromPrior(COUNT)}>
        Sample from the prior
      </button>
      {samples &&
        views.map((v) => (
          <figure key={v.slot} className="prior-strip">
            <figcaption>{v.label}</figcaption>
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
