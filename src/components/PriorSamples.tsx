import { memo } from 'react';
import type { TFunction } from 'i18next';
import { count } from './format';
import { ImageStrip } from './ImageStrip';
import { useT } from '../i18n';
import { useStore } from '../state/createStore';
import { sampleFromPrior } from '../state/explorerActions';
import { explorerStore } from '../state/explorerStore';
import type { SlotView } from '../state/slotView';
import type { PriorSource } from '../worker/explorer.worker';

/** What a slot's prior samples were drawn from, in words (also the mixtures panel's caption). */
export function priorSourceText(t: TFunction, source: PriorSource): string {
  switch (source.kind) {
    case 'standard':
      return t('generators.prior.source.standard');
    case 'standard-ae':
      return t('generators.prior.source.standardAe');
    case 'mixture':
      return t('generators.prior.source.mixture', { components: count(source.components) });
    case 'codes':
      return t('generators.prior.source.codes');
  }
}

export const PriorSamples = memo(function PriorSamples({ views }: { views: SlotView[] }) {
  const { t } = useT();
  const samples = useStore(explorerStore, (s) => s.priorSamples);
  return (
    <section id="panel-prior-samples" className="generator prior-samples" aria-labelledby="prior-heading">
      <h3 id="prior-heading">{t('generators.prior.heading')}</h3>
      <p className="hint">{t('generators.prior.hint', { draws: count(samples.count) })}</p>
      <button type="button" className="primary" onClick={() => void sampleFromPrior()}>
        {t('generators.prior.sample')}
      </button>
      {views.map((v) => {
        const mine = samples.bySlot[v.slot];
        return (
          <figure key={v.slot} className="prior-strip">
            <figcaption>
              {v.label}
              {mine
                ? t('generators.prior.from', { source: priorSourceText(t, mine.source) })
                : t('generators.prior.drawing')}
            </figcaption>
            <ImageStrip
              images={mine?.images ?? null}
              count={samples.count}
              columns={samples.count}
              cell={48}
              label={t('generators.prior.strip', { label: v.label })}
            />
          </figure>
        );
      })}
    </section>
  );
});
