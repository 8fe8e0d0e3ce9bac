import { useId, useState } from 'react';
import { ModelCatalogItem } from './ModelCatalogItem';
import { ModelImport } from './ModelImport';
import { ShownModelActions } from './ShownModelActions';
import { DATASET_IDS, DATASETS } from '../data/datasets';
import { useT } from '../i18n';
import { pageDataset } from '../state/pageDataset';
import { useStore } from '../state/createStore';
import { libraryStore } from '../state/libraryStore';
import { modelsStore } from '../state/modelsStore';

function LibraryNotice() {
  const { t } = useT();
  const busy = useStore(libraryStore, (s) => s.busy);
  const notice = useStore(libraryStore, (s) => s.notice);
  const isError = notice?.kind === 'error';
  return (
    <>
      {isError && (
        <p className="notice notice-error" role="alert">
          {notice.text}
        </p>
      )}
      <p className="library-status" role="status" aria-label={t('library.status')}>
        {busy ?? (notice?.kind === 'info' ? notice.text : '')}
      </p>
    </>
  );
}

function Catalog() {
  const { t } = useT();
  const shipped = useStore(modelsStore, (s) => s.shipped);
  const saved = useStore(modelsStore, (s) => s.saved);
  const id = useId();
  // A model is shown only on the dataset it was trained on: the others are named, with how to see them.
  const dataset = pageDataset();
  const all = [...(shipped.status === 'ready' ? shipped.value : []), ...saved];
  const items = all.filter((item) => item.meta.dataset === dataset);
  const elsewhere = DATASET_IDS.filter((d) => d !== dataset)
    .map((d) => ({ name: DATASETS[d].label, models: all.filter((item) => item.meta.dataset === d) }))
    .filter((group) => group.models.length > 0);
  const listing = shipped.status === 'loading';
  const failed = shipped.status === 'error';
  return (
    <div className="library-block">
      <h4 id={`${id}-heading`}>{t('library.catalog.heading')}</h4>
      {listing && <p className="hint">{t('library.catalog.listing')}</p>}
      {failed && <p className="status-error">{shipped.message}</p>}
      <ul className="model-list" aria-labelledby={`${id}-heading`}>
        {items.map((item) => (
          <ModelCatalogItem key={item.key} item={item} />
        ))}
      </ul>
      {saved.length === 0 && <p className="hint">{t('library.catalog.noSaved')}</p>}
      {elsewhere.map((group) => (
        <p key={group.name} className="hint">
          {t('library.catalog.otherDatasets', {
            name: group.name,
            models: group.models.map((item) => item.name).join(', '),
          })}
        </p>
      ))}
    </div>
  );
}

/** The model picker: shipped and saved models to load, saving and downloading what is shown, importing from disk. */
export function ModelLibrary() {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <section className="model-library" aria-label={t('library.name')}>
      <button
        type="button"
        className="library-toggle"
        aria-expanded={open}
        aria-controls={`${id}-body`}
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> {t('library.toggle')}
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
