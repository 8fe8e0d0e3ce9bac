import { useId, useState } from 'react';
import { downloadModelZip } from './download';
import { useStore } from '../state/createStore';
import { libraryStore } from '../state/libraryStore';
import { downloadShownModel } from '../state/modelDownload';
import { saveShownModel } from '../state/savedModelActions';
import { useSlotView } from '../state/slotView';
import { SLOTS, type SlotId } from '../lib/slots';

function SlotRow({ slot, name }: { slot: SlotId; name: string }) {
  const view = useSlotView(slot);
  const busy = useStore(libraryStore, (s) => s.busy !== null);
  const ready = view.status === 'ready';
  const what = view.source === 'training' ? `${view.name}, weights from step ${view.trainingStep ?? 0}` : view.name;
  return (
    <div className="shown-row">
      <span className="shown-name">
        {view.label}: {ready ? what : 'no model yet'}
      </span>
      <button type="button" disabled={!ready || busy} onClick={() => void saveShownModel(slot, name)}>
        Save the {view.label}
      </button>
      <button type="button" disabled={!ready || busy} onClick={() => void downloadShownModel(slot, downloadModelZip)}>
        Download the {view.label} (.zip)
      </button>
    </div>
  );
}

/** Save what a slot shows (a trained, imported or shipped model) in this browser, or download it. */
export function ShownModelActions() {
  const [name, setName] = useState('');
  const id = useId();
  return (
    <div className="library-block" role="group" aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`}>Save or download a model shown</h4>
      <label className="name-field">
        Name to save under{' '}
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="e.g. my 2-D VAE"
          aria-describedby={`${id}-hint`}
        />
      </label>
      <p id={`${id}-hint`} className="hint">
        Left empty, the model keeps the name it has. Saved models stay in this browser (IndexedDB), with their settings
        and test figures; while a model trains, Save keeps its latest weights.
      </p>
      {SLOTS.map((slot) => (
        <SlotRow key={slot} slot={slot} name={name} />
      ))}
    </div>
  );
}
