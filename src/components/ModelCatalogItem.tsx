import { useState, type FormEvent } from 'react';
import { TestFigures } from './TestFigures';
import { downloadModelZip } from './download';
import { architectureName } from '../model/config';
import { familyInfo, priorName } from '../model/familyInfo';
import type { ModelMeta } from '../model/meta';
import { useStore } from '../state/createStore';
import { libraryStore } from '../state/libraryStore';
import { downloadSavedModel } from '../state/modelDownload';
import type { CatalogItem } from '../state/modelsStore';
import { deleteSaved, loadCatalogItem, renameSaved } from '../state/savedModelActions';
import { slotsStore } from '../state/slots';
import { SLOTS, type SlotId } from '../lib/slots';

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

/** "VAE 784-512-256-2, bernoulli, β = 1, prior N(0, I), 80 epochs": what a model is, in one line. */
export function modelShape(meta: ModelMeta): string {
  const parts = [`${familyInfo(meta.kind).label} ${architectureName(meta)}`, meta.likelihood];
  if (familyInfo(meta.kind).hasKlTerm) parts.push(`β = ${meta.beta}`);
  if (meta.prior) parts.push(`prior ${priorName(meta.prior)}`);
  if (meta.codebook) parts.push(`K = ${meta.codebook.size} codes`);
  if (meta.flow) parts.push(`${meta.flow.steps} affine couplings`);
  parts.push(`${Number(meta.epochs.toFixed(2))} epochs`);
  return parts.join(', ');
}

/** One model of the library: what it is, its test figures, and what can be done with it. */
export function ModelCatalogItem({ item }: { item: CatalogItem }) {
  const shownIn = useStore(slotsStore, (s) =>
    SLOTS.filter(
      (slot) => s[slot].model.kind === 'model' && (s[slot].model as { entry: { key: string } }).entry.key === item.key,
    ).join(','),
  );
  const training = useStore(slotsStore, (s) => SLOTS.filter((slot) => s[slot].model.kind === 'training').join(','));
  const busy = useStore(libraryStore, (s) => s.busy !== null);
  const [mode, setMode] = useState<'idle' | 'rename' | 'delete'>('idle');
  const { meta } = item;
  const loadButton = (slot: SlotId) => (
    <button
      key={slot}
      type="button"
      aria-label={`Load ${item.name} on the ${slot}`}
      title={training.includes(slot) ? `The ${slot} slot shows the model being trained` : undefined}
      disabled={busy || shownIn.includes(slot) || training.includes(slot)}
      onClick={() => void loadCatalogItem(item, slot)}
    >
      Load {slot}
    </button>
  );
  return (
    <li className="model-item" aria-label={item.name}>
      <div className="model-item-head">
        <span className="model-name">{item.name}</span>
        <span className={`badge badge-${item.source}`}>{item.source}</span>
        {shownIn && <span className="badge badge-shown">shown on the {shownIn.replace(',', ' and ')}</span>}
      </div>
      <p className="model-shape">{modelShape(meta)}</p>
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
          {SLOTS.map(loadButton)}
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
