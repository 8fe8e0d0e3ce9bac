import { DrawPad } from './DrawPad';
import { ExplorerToolbar } from './ExplorerToolbar';
import { InterpolationPanel } from './InterpolationPanel';
import { LatentSliders } from './LatentSliders';
import { ModelLibrary } from './ModelLibrary';
import { PriorSamples } from './PriorSamples';
import { SlotPanel } from './SlotPanel';
import { useStore } from '../state/createStore';
import { explorerStore } from '../state/explorerStore';
import { useSlotView, type SlotView } from '../state/slotView';

function Caption({ view }: { view: SlotView }) {
  if (view.slot === 'vae') {
    return (
      <p className="caption">
        <strong>VAE.</strong> Each dot is the posterior mean μ(x) of a test digit, each ellipse its σ: the encoder gives
        a diagonal Gaussian q(z|x) = N(μ, diag σ²), a region rather than a point. The KL term pulls every posterior
        towards the prior N(0, I) (dashed rings at 1, 2 and 3 σ), so the codes are centred, bounded and overlap enough
        to leave no holes: any z drawn from the prior decodes to a plausible digit.
      </p>
    );
  }
  return (
    <p className="caption">
      <strong>AE.</strong> Each dot is the code z(x) of a test digit: a point, not a distribution, and nothing pulls it
      anywhere. Mind the axes: the codes spread over an unbounded, off-centre region, some digits crowd into thin
      streaks while others sprawl, and the gaps between them decode to junk, so there is no telling where a random point
      should come from.
    </p>
  );
}

export function ExplorerPanel() {
  const view = useStore(explorerStore, (s) => s.view);
  const vae = useSlotView('vae');
  const ae = useSlotView('ae');
  const visible = view === 'both' ? [vae, ae] : view === 'vae' ? [vae] : [ae];
  const generators = [vae, ae].filter((v) => v.status === 'ready' && (view === 'both' || v.slot === view));
  return (
    <section className="panel explorer-panel" aria-labelledby="explore-heading">
      <h2 id="explore-heading">Explore the latent space</h2>
      <ExplorerToolbar />
      <ModelLibrary />
      <div className={visible.length > 1 ? 'slots side-by-side' : 'slots'}>
        {visible.map((v) => (
          <div key={v.slot} className="slot-column">
            <SlotPanel view={v} />
            <Caption view={v} />
          </div>
        ))}
      </div>
      <div className="generators">
        <LatentSliders views={generators} />
        <InterpolationPanel views={generators} />
        <DrawPad views={generators} />
        <PriorSamples views={[vae, ae].filter((v) => v.status === 'ready')} />
      </div>
    </section>
  );
}
