import { useEffect, useMemo, useState } from 'react';
import { Trans } from 'react-i18next';
import { fixed, percent } from './format';
import { ImageStrip } from './ImageStrip';
import { explorerClient } from '../bridge/explorerClient';
import { useT } from '../i18n';
import { HOLE_RADIUS_FRACTION, spreadOut, type HoleFigures, type HoleRegion } from '../lib/holes';
import type { SlotView } from '../state/slotView';

const DECODED = 8;

type Posteriors = NonNullable<SlotView['posteriors']>;

/** One computation per shown set of codes, shared by every figure that asks (the caption, the tour). */
const computed = new WeakMap<Posteriors, Promise<HoleFigures>>();

function holesOf(posteriors: Posteriors, region: HoleRegion): Promise<HoleFigures> {
  let figures = computed.get(posteriors);
  if (!figures) {
    figures = explorerClient.codeHoles(posteriors.means, posteriors.count, region);
    // A failed computation (the worker restarted) is asked again next time.
    figures.catch(() => computed.delete(posteriors));
    computed.set(posteriors, figures);
  }
  return figures;
}

/**
 * The holes of a 2-D map, measured (see lib/holes.ts), computed in the explorer worker; null where the map
 * is not a 2-D code plane, and until the figures come back.
 */
export function useHoles(view: SlotView | null): HoleFigures | null {
  const posteriors = view?.posteriors ?? null;
  const measure = view?.family?.holes ?? null;
  const [result, setResult] = useState<{ of: Posteriors; figures: HoleFigures } | null>(null);
  useEffect(() => {
    if (!posteriors || posteriors.latentDim !== 2 || !measure) return;
    let live = true;
    holesOf(posteriors, measure).then(
      (figures) => live && setResult({ of: posteriors, figures }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [posteriors, measure]);
  return result && result.of === posteriors ? result.figures : null;
}

/** The caption's measured claim: how much of the region has no code nearby, and what a few of those holes decode to. */
export function HoleFigure({ view, holes }: { view: SlotView; holes: HoleFigures }) {
  const { t } = useT();
  const [images, setImages] = useState<{ pixels: Float32Array; count: number } | null>(null);
  const { slot, weightsVersion } = view;
  const width = Math.max(holes.box[1] - holes.box[0], holes.box[3] - holes.box[2]);
  const points = useMemo(() => spreadOut(holes.holes, DECODED, width / 8), [holes, width]);
  useEffect(() => {
    if (points.length === 0) return;
    let live = true;
    const z = Float32Array.from(points.flat());
    void explorerClient
      .decode(slot, z, points.length)
      .then((pixels) => live && setImages({ pixels, count: points.length }));
    return () => {
      live = false;
    };
  }, [slot, points, weightsVersion]);
  const region =
    holes.region === 'prior'
      ? t('explorer.holes.regionPrior')
      : t('explorer.holes.regionCodes', {
          x0: fixed(holes.box[0], 1),
          x1: fixed(holes.box[1], 1),
          y0: fixed(holes.box[2], 1),
          y1: fixed(holes.box[3], 1),
        });
  return (
    <div className="hole-figure" aria-label={t('explorer.holes.group', { label: view.label })}>
      <p>
        <Trans
          t={t}
          i18nKey="explorer.holes.measured"
          values={{
            share: percent(holes.share),
            region,
            radius: holes.radius.toPrecision(2),
            fraction: 100 * HOLE_RADIUS_FRACTION,
            what: view.family?.holes === 'prior' ? t('explorer.holes.mean') : t('explorer.holes.code'),
          }}
          components={{ strong: <strong /> }}
        />
        {points.length > 0 && t('explorer.holes.decodes')}
      </p>
      {points.length > 0 && (
        <ImageStrip
          images={images?.pixels ?? null}
          count={points.length}
          columns={points.length}
          cell={36}
          label={t('explorer.holes.strip', { label: view.label })}
        />
      )}
    </div>
  );
}
