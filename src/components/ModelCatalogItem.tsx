import { useState, type FormEvent } from 'react';
import { TestFigures } from './TestFigures';
import { downloadModelZip } from './download';
import { architectureName } from '../model/config';
import { useStore } from '../state/createStore';
import { libraryStore } from '../state/libraryStore';
import { downloadSavedModel } from '../state/modelDownload';
import { modelsStore, type CatalogItem } from '../state/modelsStore';
import { deleteSaved, loadCatalogItem, renameSaved } from '../state/savedModelActions';
import { SLOT_LABEL } from '../state/slotView';

function RenameForm({ name, onDone }: { name: string; onDone: () => void }) {
  const [value, setValue] = useState(name);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onDone();
    void renameSaved(name, value);
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <input aria-label={`New name for ${name}`} value={value} onChange={(e) => setValue(e.target.value)} autoFocus />
      <button type="submit">Save name</button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}

/** One model of the library: what it is, its test figures, and what can be done with it. */
export function ModelCatalogItem({ item }: { item: CatalogItem }) {
  const slot = item.meta.kind;
  const slotModel = useStore(modelsStore, (s) => s.slots[slot]);
  const busy = useStore(libraryStore, (s) => s.busy !== null);
  const [mode, setMode] = useState<'idle' | 'rename' | 'delete'>('idle');
  const shown = slotModel.kind === 'model' && slotModel.entry.key === item.key;
  const training = slotModel.kind === 'training';
  const { meta } = item;
  return (
    <li className="model-item" aria-label={item.name}>
      <div className="model-item-head">
        <span className="model-name">{item.name}</span>
        <span className={`badge badge-${item.source}`}>{item.source}</span>
        {shown && <span className="badge badge-shown">in the {SLOT_LABEL[slot]} slot</span>}
      </div>
      <p className="model-shape">
        {SLOT_LABEL[slot]} {architectureName(meta)}, {meta.likelihood}
        {meta.kind === 'vae' && `, β = ${meta.beta}`}, {Number(meta.epochs.toFixed(2))} epochs
      </p>
      <TestFigures metrics={meta.testMetrics} />
      {mode === 'rename' && <RenameForm name={item.name} onDone={() => setMode('idle')} />}
      {mode === 'delete' && (
        <p className="confirm" role="group" aria-label={`Delete ${item.name}?`}>
          Delete “{item.name}” from this browser? It cannot be brought back unless you downloaded it.{' '}
          <button
            type="button"
            className="danger"
            onClick={() => {
              setMode('idle');
              void deleteSaved(item.id);
            }}
          >
            Delete for good
          </button>{' '}
          <button type="button" onClick={() => setMode('idle')}>
            Keep
          </button>
        </p>
      )}
      {mode === 'idle' && (
        <div className="button-row">
          <button
            type="button"
            aria-label={`Load ${item.name}`}
            title={training ? `The ${SLOT_LABEL[slot]} slot shows the model being trained` : undefined}
            disabled={busy || shown || training}
            onClick={() => void loadCatalogItem(item)}
          >
            Load
          </button>
          {item.source === 'saved' && (
            <>
              <button
                type="button"
                aria-label={`Download ${item.name}`}
                disabled={busy}
                onClick={() => void downloadSavedModel(item.id, downloadModelZip)}
              >
                Download
              </button>
              <button
                type="button"
                aria-label={`Rename ${item.name}`}
                disabled={busy}
                onClick={() => setMode('rename')}
              >
                Rename
              </button>
              <button
                type="button"
                aria-label={`Delete ${item.name}`}
                disabled={busy}
                onClick={() => setMode('delete')}
              >
                Delete
              </button>
            </>
          )}
        </div>
      )}
    </li>
  );
}
