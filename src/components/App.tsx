import { BackendStatus } from './BackendStatus';
import { DatasetStatus } from './DatasetStatus';
import { ExplorerPanel } from './ExplorerPanel';
import { TrainingPanel } from './TrainingPanel';
import { PosteriorPanel } from './posterior/PosteriorPanel';
import { MixturesPanel } from './MixturesPanel';
import { PanelBoundary } from './PanelBoundary';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>Latent Explorer</h1>
        <p className="tagline">What a variational autoencoder learns, on real MNIST, in your browser.</p>
        <div className="app-status">
          <DatasetStatus />
          <BackendStatus />
        </div>
      </header>
      <main className="app-main">
        <PanelBoundary name="The explorer">
          <ExplorerPanel />
        </PanelBoundary>
        <PanelBoundary name="The posterior lab">
          <PosteriorPanel />
        </PanelBoundary>
        <PanelBoundary name="The mixtures panel">
          <MixturesPanel />
        </PanelBoundary>
        <PanelBoundary name="The training panel">
          <TrainingPanel />
        </PanelBoundary>
      </main>
    </div>
  );
}
