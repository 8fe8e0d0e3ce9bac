import { memo, useCallback, useMemo } from 'react';
import { markDecodedPaint } from '../state/perf';
import { DigitCanvas } from './DigitCanvas';
import { fixed } from './format';
import { useT } from '../i18n';
import { useStore } from '../state/createStore';
import { selectPoint, updateExplorer } from '../state/explorerActions';
import { explorerStore } from '../state/explorerStore';
import { slotsStore } from '../state/slots';
import type { SlotView } from '../state/slotView';

/**
 * Slider range per dimension: the prior's ±4σ for a family with a prior
 * N(0, I) or a learned one near it, the codes' own range (plus a margin) for
 * an AE or a VQ-VAE, which have none.
 */
function sliderRanges(view: SlotView): Array<[number, number]> {
  const d = view.latentDim ?? 0;
  const p = view.posteriors;
  if (view.family?.hasPrior || !p) return Array.from({ length: d }, () => [-4, 4]);
  return Array.from({ length: d }, (_, j) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < p.count; i++) {
      const v = p.means[i * d + j];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const margin = 0.1 * (hi - lo || 1);
    return [lo - margin, hi + margin];
  });
}

export const LatentSliders = memo(function LatentSliders({ views }: { views: SlotView[] }) {
  const { t } = useT();
  const sliderSlot = useStore(explorerStore, (s) => s.sliderSlot);
  const view = views.find((v) => v.slot === sliderSlot) ?? views[0];
  const point = useStore(slotsStore, (s) => (view ? s[view.slot].point : null));
  const decoded = useStore(slotsStore, (s) => (view ? s[view.slot].decoded : null));
  const ranges = useMemo(() => (view ? sliderRanges(view) : []), [view]);
  const onPainted = useCallback(() => markDecodedPaint('sliders', null), []);
  if (!view || !view.latentDim) return null;
  const d = view.latentDim;
  const z = point && point.length === d ? point : new Array<number>(d).fill(0);
  const move = (j: number, value: number) => {
    const next = [...z];
    next[j] = value;
    void selectPoint(view.slot, next);
  };
  return (
    <section className="generator sliders" aria-labelledby="sliders-heading">
      <h3 id="sliders-heading">{t('generators.sliders.heading')}</h3>
      {views.length > 1 && (
        <div role="radiogroup" aria-label={t('generators.sliders.drive')} className="segmented small">
          {views.map((v) => (
            <label key={v.slot} className={v.slot === view.slot ? 'segment active' : 'segment'}>
              <input
                type="radio"
                name="slider-slot"
                checked={v.slot === view.slot}
                onChange={() => updateExplorer({ sliderSlot: v.slot })}
              />
              {v.label}
            </label>
          ))}
        </div>
      )}
      <p className="hint">
        {t('generators.sliders.start', { label: view.label })}
        {view.family?.hasPrior
          ? t('generators.sliders.rangePrior')
          : view.label === 'AE'
            ? t('generators.sliders.rangeCodesAe')
            : t('generators.sliders.rangeCodesModel')}
      </p>
      <div className="sliders-body">
        <div className="slider-list">
          {Array.from({ length: d }, (_, j) => (
            <label key={j} className="slider-row">
              <span>z{j + 1}</span>
              <input
                type="range"
                aria-label={t('generators.sliders.dimension', { n: String(j + 1) })}
                min={ranges[j]?.[0] ?? -4}
                max={ranges[j]?.[1] ?? 4}
                step={((ranges[j]?.[1] ?? 4) - (ranges[j]?.[0] ?? -4)) / 400}
                value={z[j]}
                onChange={(e) => move(j, Number(e.target.value))}
              />
              <output>{fixed(z[j], 2)}</output>
            </label>
          ))}
        </div>
        <DigitCanvas
          pixels={decoded}
          size={140}
          label={t('generators.sliders.decoded', { label: view.label })}
          onPainted={onPainted}
          liveKey={`sliders-${view.slot}`}
        />
      </div>
    </section>
  );
});
