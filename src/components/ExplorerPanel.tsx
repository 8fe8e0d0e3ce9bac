import { useMemo } from 'react';
import { DrawPad } from './DrawPad';
import { ExplorerToolbar } from './ExplorerToolbar';
import { InterpolationPanel } from './InterpolationPanel';
import { LatentSliders } from './LatentSliders';
import { ModelLibrary } from './ModelLibrary';
import { PanelBoundary } from './PanelBoundary';
import { PriorSamples } from './PriorSamples';
import { SlotCaption } from './SlotCaption';
import { SlotPanel } from './SlotPanel';
import { useT } from '../i18n';
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
  const { t } = useT();
  const view = useStore(explorerStore, (s) => s.view);
  const left = useSlotView('left');
  const right = useSlotView('right');
  const visible = view === 'both' ? [left, right] : view === 'left' ? [left] : [right];
  // Stable arrays: the generators are memoised and re-render only when a view they show changes.
  const generators = useMemo(
    () => [left, right].filter((v) => v.status === 'ready' && (view === 'both' || v.slot === view)),
    [left, right, view],
  );
  const withModels = useMemo(() => [left, right].filter((v) => v.status === 'ready'), [left, right]);
  return (
    <section id="panel-explorer" className="panel explorer-panel" aria-labelledby="explore-heading">
      <h2 id="explore-heading">{t('explorer.heading')}</h2>
      <ExplorerNotice />
      <ExplorerToolbar />
      <ModelLibrary />
      <div className={visible.length > 1 ? 'slots side-by-side' : 'slots'}>
        {visible.map((v) => (
          <div key={v.slot} className="slot-column">
            <PanelBoundary name={t('app.panels.map', { label: v.label })}>
              <SlotPanel view={v} />
              <SlotCaption view={v} />
            </PanelBoundary>
          </div>
        ))}
      </div>
      <div id="panel-generators" className="generators">
        <div className="generator-stack">
          <PanelBoundary name={t('app.panels.sliders')}>
            <LatentSliders views={generators} />
          </PanelBoundary>
          <PanelBoundary name={t('app.panels.priorSamples')}>
            <PriorSamples views={withModels} />
          </PanelBoundary>
        </div>
        <PanelBoundary name={t('app.panels.interpolation')}>
          <InterpolationPanel views={generators} />
        </PanelBoundary>
        <PanelBoundary name={t('app.panels.drawPad')}>
          <DrawPad views={generators} />
        </PanelBoundary>
      </div>
    </section>
  );
}
