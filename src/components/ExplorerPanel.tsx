import { DrawPad } from './DrawPad';
import { ExplorerToolbar } from './ExplorerToolbar';
import { InterpolationPanel } from './InterpolationPanel';
import { LatentSliders } from './LatentSliders';
import { ModelLibrary } from './ModelLibrary';
import { PanelBoundary } from './PanelBoundary';
import { PriorSamples } from './PriorSamples';
import { SlotCaption } from './SlotCaption';
import { SlotPanel } from './SlotPanel';
import { appStore } from '../state/appStore';
import { useStore } from '../state/createStore';
import { explorerStore } from '../state/explorerStore';
import { useSlotView } from '../state/slotView';

function ExplorerNotice() {
  const notice = useStore(appStore, (s) => s.explorerNotice);
  if (!notice) return null;
  return (
    <p className={`notice notice-${notice.kind}`} role="alert">
      {notice.text}
    </p>
  );
}

export function ExplorerPanel() {
  const view = useStore(explorerStore, (s) => s.view);
  const left = useSlotView('left');
  const right = useSlotView('right');
  const visible = view === 'both' ? [left, right] : view === 'left' ? [left] : [right];
  const generators = [left, right].filter((v) => v.status === 'ready' && (view === 'both' || v.slot === view));
  return (
    <section className="panel explorer-panel" aria-labelledby="explore-heading">
      <h2 id="explore-heading">Explore the latent space</h2>
      <ExplorerNotice />
      <ExplorerToolbar />
      <ModelLibrary />
      <div className={visible.length > 1 ? 'slots side-by-side' : 'slots'}>
        {visible.map((v) => (
          <div key={v.slot} className="slot-column">
            <PanelBoundary name={`The ${v.label} map`}>
              <SlotPanel view={v} />
              <SlotCaption view={v} />
            </PanelBoundary>
          </div>
        ))}
      </div>
      <div className="generators">
        <div className="generator-stack">
          <PanelBoundary name="The sliders">
            <LatentSliders views={generators} />
          </PanelBoundary>
          <PanelBoundary name="The prior samples">
            <PriorSamples views={[left, right].filter((v) => v.status === 'ready')} />
          </PanelBoundary>
        </div>
        <PanelBoundary name="Interpolation">
          <InterpolationPanel views={generators} />
        </PanelBoundary>
        <PanelBoundary name="The drawing pad">
          <DrawPad views={generators} />
        </PanelBoundary>
      </div>
    </section>
  );
}
