import { useEffect, useMemo, useState } from 'react';
import { ImageStrip } from './ImageStrip';
import { explorerClient } from '../bridge/explorerClient';
import { codeHoles, HOLE_RADIUS_FRACTION, spreadOut, type HoleFigures } from '../lib/holes';
import type { SlotView } from '../state/slotView';

const DECODED = 8;
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** The holes of a 2-D map, measured (see lib/holes.ts); null where the map is not a 2-D code plane. */
export function useHoles(view: SlotView): HoleFigures | null {
  const { posteriors, kind } = view;
  return useMemo(() => {
    if (!posteriors || posteriors.latentDim !== 2 || (kind !== 'vae' && kind !== 'ae')) return null;
    const xs = new Float32Array(posteriors.count);
    const ys = new Float32Array(posteriors.count);
    for (let i = 0; i < posteriors.count; i++) {
      xs[i] = posteriors.means[2 * i];
      ys[i] = posteriors.means[2 * i + 1];
    }
    return codeHoles(xs, ys, posteriors.count, kind === 'vae' ? 'prior' : 'codes');
  }, [posteriors, kind]);
}

/** The caption's measured claim: how much of the region has no code nearby, and what a few of those holes decode to. */
export function HoleFigure({ view, holes }: { view: SlotView; holes: HoleFigures }) {
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
      ? 'the prior’s 2σ disc (where most draws from N(0, I) land)'
      : `the box of its codes, [${holes.box[0].toFixed(1)}, ${holes.box[1].toFixed(1)}] × [${holes.box[2].toFixed(1)}, ${holes.box[3].toFixed(1)}] (the central 98 % of each axis)`;
  return (
    <div className="hole-figure" aria-label={`Holes measured (${view.label})`}>
      <p>
        Measured on this map: <strong>{pct(holes.share)}</strong> of {region} is farther than r ={' '}
        {holes.radius.toPrecision(2)} ({100 * HOLE_RADIUS_FRACTION} % of its width) from every test digit&apos;s
        {view.kind === 'vae' ? ' mean' : ' code'}.
        {points.length > 0 && ' What the holes farthest from any code decode to:'}
      </p>
      {points.length > 0 && (
        <ImageStrip
          images={images?.pixels ?? null}
          count={points.length}
          columns={points.length}
          cell={36}
          label={`Decodes of holes (${view.label})`}
        />
      )}
    </div>
  );
}
