import { useId, useState } from 'react';
import { downloadModelZip } from './download';
import { useT } from '../i18n';
import { useStore } from '../state/createStore';
import { libraryStore } from '../state/libraryStore';
import { downloadShownModel } from '../state/modelDownload';
import { saveShownModel } from '../state/savedModelActions';
import { useSlotView } from '../state/slotView';
import { SLOTS, type SlotId } from '../lib/slotIds';

function SlotRow({ slot, name }: { slot: SlotId; name: string }) {
  const { t } = useT();
  const view = useSlotView(slot);
  const busy = useStore(libraryStore, (s) => s.busy !== null);
  const ready = view.status === 'ready';
  const what =
    view.source === 'training'
      ? t('library.shown.training', { name: view.name, step: view.trainingStep ?? 0 })
      : view.name;
  return (
    <div className="shown-row">
      <span className="shown-name">
        {t('library.shown.row', { label: view.label, what: ready ? what : t('library.shown.none') })}
      </span>
      <button type="button" disabled={!ready || busy} onClick={() => void saveShownModel(slot, name)}>
        {t('library.shown.save', { label: view.label })}
      </button>
      <button type="button" disabled={!ready || busy} onClick={() => void downloadShownModel(slot, downloadModelZip)}>
        {t('library.shown.download', { label: view.label })}
      </button>
    </div>
  );
}

/** Save what a slot shows (a trained, imported or shipped model) in this browser, or download it. */
export function ShownModelActions() {
  const { t } = useT();
  const [name, setName] = useState('');
  const id = useId();
  return (
    <div className="library-block" role="group" aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`}>{t('library.shown.heading')}</h4>
      <label className="name-field">
        {t('library.shown.nameField')}{' '}
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={t('library.shown.placeholder')}
          aria-describedby={`${id}-hint`}
        />
      </label>
      <p id={`${id}-hint`} className="hint">
        {t('library.shown.hint')}
      </p>
      {SLOTS.map((slot) => (
        <SlotRow key={slot} slot={slot} name={name} />
      ))}
    </div>
  );
}
