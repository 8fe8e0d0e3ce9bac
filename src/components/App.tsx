import { BackendStatus } from './BackendStatus';
import { LanguageSwitch } from './LanguageSwitch';
import { useT } from '../i18n';
import { TourPanel } from '../tour/TourPanel';
import { useStore } from '../state/createStore';
import { leaveTour, openTour } from '../tour/setup';
import { tourStore } from '../tour/tourStore';
import { DatasetPicker } from './DatasetPicker';
import { DatasetStatus } from './DatasetStatus';
import { ExplorerPanel } from './ExplorerPanel';
import { TrainingPanel } from './TrainingPanel';
import { PosteriorPanel } from './posterior/PosteriorPanel';
import { HiddenHalfPanel } from './HiddenHalfPanel';
import { AnomalyPanel } from './AnomalyPanel';
import { MixturesPanel } from './MixturesPanel';
import { PanelBoundary } from './PanelBoundary';
import { ReparamPanel } from './ReparamPanel';

export function App() {
  const { t } = useT();
  const tourOpen = useStore(tourStore, (s) => s.open);
  return (
    <div className={tourOpen ? 'app tour-open' : 'app'}>
      <header className="app-header">
        <h1>{t('app.title')}</h1>
        <p className="tagline">{t('app.tagline')}</p>
        <div className="app-status">
          <DatasetPicker />
          <DatasetStatus />
          <BackendStatus />
          <LanguageSwitch />
          <button
            type="button"
            className="primary tour-toggle"
            aria-expanded={tourOpen}
            onClick={() => (tourOpen ? leaveTour() : void openTour())}
          >
            {t('tour.open')}
          </button>
        </div>
      </header>
      <PanelBoundary name={t('app.panels.tour')}>
        <TourPanel />
      </PanelBoundary>
      <main className="app-main">
        <PanelBoundary name={t('app.panels.explorer')}>
          <ExplorerPanel />
        </PanelBoundary>
        <PanelBoundary name={t('app.panels.reparam')}>
          <ReparamPanel />
        </PanelBoundary>
        <PanelBoundary name={t('app.panels.lab')}>
          <PosteriorPanel />
        </PanelBoundary>
        <PanelBoundary name={t('app.panels.hidden')}>
          <HiddenHalfPanel />
        </PanelBoundary>
        <PanelBoundary name={t('app.panels.anomaly')}>
          <AnomalyPanel />
        </PanelBoundary>
        <PanelBoundary name={t('app.panels.mixtures')}>
          <MixturesPanel />
        </PanelBoundary>
        <PanelBoundary name={t('app.panels.training')}>
          <TrainingPanel />
        </PanelBoundary>
      </main>
    </div>
  );
}
