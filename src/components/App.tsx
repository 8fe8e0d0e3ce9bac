import { BackendStatus } from './BackendStatus';
import { DatasetStatus } from './DatasetStatus';
import { ExplorerPanel } from './ExplorerPanel';
import { TrainingPanel } from './TrainingPanel';
import { PosteriorPanel } from './posterior/PosteriorPanel';
import { MixturesPanel } from './MixturesPanel';

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
        <ExplorerPanel />
        <PosteriorPanel />
        <MixturesPanel />
        <TrainingPanel />
      </main>
    </div>
  );
}
