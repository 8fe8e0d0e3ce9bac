import { useId, useState } from 'react';
import { ModelCatalogItem } from './ModelCatalogItem';
import { ModelImport } from './ModelImport';
import { ShownModelActions } from './ShownModelActions';
import { useStore } from '../state/createStore';
import { libraryStore } from '../state/libraryStore';
import { modelsStore } from '../state/modelsStore';

function LibraryNotice() {
  const busy = useStore(libraryStore, (s) => s.busy);
  const notice = useStore(libraryStore, (s) => s.notice);
  return (
    <>
      {notice?.kind === 'error' && (
        <p className="notice notice-error" role="alert">
          {notice.text}
        </p>
      )}
      <p className="library-status" role="status" aria-label="Model library status">
        {busy ?? (notice?.kind === 'info' ? notice.text : '')}
      </p>
    </>
  );
}

function Catalog() {
  const shipped = useStore(modelsStore, (s) => s.shipped);
  const saved = useStore(modelsStore, (s) => s.saved);
  const id = useId();
  const items = [...(shipped.status === 'ready' ? shipped.value : []), ...saved];
  return (
    <div className="library-block">
      <h4 id={`${id}-heading`}>Shipped and saved models</h4>
      {shipped.status === 'loading' && <p className="hint">Listing the shipped models…</p>}
      {shipped.status === 'error' && <p className="status-error">{shipped.message}</p>}
      <ul className="model-list" aria-labelledby={`${id}-heading`}>
        {items.map((item) => (
          <ModelCatalogItem key={item.key} item={item} />
        ))}
      </ul>
      {saved.length === 0 && (
        <p className="hint">
          No saved models yet: save what a slot shows (“Save or download a model shown”, beside this list) and it stays
          in this browser.
        </p>
      )}
    </div>
  );
}

/** The model picker: shipped and saved models to load, saving and downloading what is shown, importing from disk. */
export function ModelLibrary() {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <section className="model-library" aria-label="Model library">
      <button
        type="button"
        className="library-toggle"
        aria-expanded={open}
        aria-controls={`${id}-body`}
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> Models: load, save, download, import
      </button>
      <LibraryNotice />
      {open && (
        <div id={`${id}-body`} className="library-body">
          <Catalog />
          <div className="library-side">
            <ShownModelActions />
            <ModelImport />
          </div>
        </div>
      )}
    </section>
  );
}
