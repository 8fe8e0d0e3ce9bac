import { HoleFigure, useHoles } from './HoleFigure';
import type { SlotView } from '../state/slotView';

/** What the picture of each family shows, in the words of the VAE story (../shared/VAE-NOTES.md), with its measured claim. */
export function SlotCaption({ view }: { view: SlotView }) {
  const holes = useHoles(view);
  return (
    <>
      <CaptionText view={view} />
      {holes && view.source !== 'training' && <HoleFigure view={view} holes={holes} />}
    </>
  );
}

function CaptionText({ view }: { view: SlotView }) {
  const mixture = (view.meta?.prior ?? null)?.kind === 'mog' || view.runConfig?.prior.kind === 'mog';
  switch (view.kind) {
    case 'vae':
      return mixture ? (
        <p className="caption">
          <strong>{view.label}, learned prior.</strong> Each dot is a test digit&apos;s posterior mean μ(x), each
          ellipse its σ. The prior is no longer N(0, I) but a mixture of Gaussians learned with the encoder (its
          components drawn as black ellipses at 1 and 2 σ): it follows where the codes are, so prior samples land on
          data. Its KL term has no closed form, so the figures use the one-sample estimate log q(z|x) − log p(z).
        </p>
      ) : (
        <p className="caption">
          <strong>{view.label}.</strong> Each dot is the posterior mean μ(x) of a test digit, each ellipse its σ: the
          encoder gives a diagonal Gaussian q(z|x) = N(μ, diag σ²), a region rather than a point. The KL term pulls
          every posterior towards the prior N(0, I) (dashed rings at 1, 2 and 3 σ), so the codes are centred, bounded
          and overlap: few holes are left where the prior puts its mass, and a z drawn from the prior mostly decodes to
          a plausible digit.
        </p>
      );
    case 'ae':
      return (
        <p className="caption">
          <strong>{view.label}.</strong> Each dot is the code z(x) of a test digit: a point, not a distribution, and
          nothing pulls it anywhere. Mind the axes: the codes spread over an unbounded, off-centre region, some digits
          crowd into thin streaks while others sprawl, and gaps open between them. No digit was trained to decode from a
          gap: what comes out there can be a clean digit, a blend or a smudge, and nothing says where a random point
          should come from.
        </p>
      );
    case 'vq-vae':
      return (
        <p className="caption">
          <strong>{view.label}.</strong> Each dot is a test digit&apos;s continuous code z_e; the black points are the
          codebook, and each shaded cell the region of z_e that snaps to one code (Voronoi cells; darker: more test
          digits use it). The decoder only ever sees the codes, so every point of a cell decodes to the same image: no
          smooth interpolation inside a cell, and at most log₂ K bits per image. In exchange the code is exact, cheap to
          store and easy to model with a prior over K symbols.
        </p>
      );
    case 'flow-vae':
      return (
        <p className="caption">
          <strong>{view.label}.</strong> The encoder&apos;s diagonal Gaussian is pushed through invertible affine
          couplings conditioned on x, so q(z|x) can bend and skew: no ellipse describes it any more. Each dot is the
          flow&apos;s image of the base mean, f(μ(x)); click a test digit on the map to draw its posterior as density
          contours. log q(z|x) stays exact (base density minus the log-determinants), so the ELBO is estimated by
          sampling.
        </p>
      );
    default:
      return null;
  }
}
