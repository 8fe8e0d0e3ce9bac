import { useState, type FormEvent } from 'react';
import { TestFigures } from './TestFigures';
import { downloadModelZip } from './download';
import { t as translate, useT } from '../i18n';
import { architectureName, familyInfo, priorName } from '../model/familyInfo';
import type { ModelMeta } from '../model/format/meta';
import { useStore } from '../state/createStore';
import { libraryStore } from '../state/libraryStore';
import { downloadSavedModel } from '../state/modelDownload';
import type { CatalogItem } from '../state/modelsStore';
import { deleteSaved, loadCatalogItem, renameSaved } from '../state/savedModelActions';
import { slotsStore } from '../state/slots';
import { SLOTS, type SlotId } from '../lib/slotIds';

function RenameForm({ name, onDone }: { name: string; onDone: () => void }) {
  const { t } = useT();
  const [value, setValue] = useState(name);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onDone();
    void renameSaved(name, value);
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <input
        aria-label={t('library.item.newName', { name })}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        autoFocus
      />
      <button type="submit">{t('library.item.saveName')}</button>
      <button type="button" onClick={onDone}>
        {t('library.item.cancel')}
      </button>
    </form>
  );
}

/** "VAE 784-512-256-2, bernoulli, β = 1, prior N(0, I), 80 epochs": what a model is, in one line. */
export function modelShape(meta: ModelMeta): string {
  const parts = [`${familyInfo(meta.kind).label} ${architectureName(meta)}`, meta.likelihood];
  if (familyInfo(meta.kind).hasKlTerm) parts.push(`β = ${meta.beta}`);
  if (meta.prior) parts.push(translate('library.shape.prior', { name: priorName(meta.prior) }));
  if (meta.codebook) parts.push(translate('library.shape.codes', { size: meta.codebook.size }));
  if (meta.flow) parts.push(translate('library.shape.couplings', { steps: meta.flow.steps }));
  parts.push(translate('library.shape.epochs', { epochs: Number(meta.epochs.toFixed(2)) }));
  return parts.join(', ');
}

/** One model of the library: what it is, its test figures, and what can be done with it. */
export function ModelCatalogItem({ item }: { item: CatalogItem }) {
  const { t } = useT();
  const shownIn = useStore(slotsStore, (s) =>
    SLOTS.filter(
      (slot) => s[slot].model.kind === 'model' && (s[slot].model as { entry: { key: string } }).entry.key === item.key,
    ).join(','),
  );
  const training = useStore(slotsStore, (s) => SLOTS.filter((slot) => s[slot].model.kind === 'training').join(','));
  const busy = useStore(libraryStore, (s) => s.busy !== null);
  const [mode, setMode] = useState<'idle' | 'rename' | 'delete'>('idle');
  const { meta } = item;
  const renaming = mode === 'rename';
  const deleting = mode === 'delete';
  const idle = mode === 'idle';
  const isSaved = item.source === 'saved';
  const shownSlots = shownIn ? (shownIn.split(',') as SlotId[]) : [];
  const shownSides =
    shownSlots.length > 1 ? t('library.sides.both') : shownSlots.map((slot) => t(`library.sides.${slot}`)).join('');
  const loadButton = (slot: SlotId) => (
    <button
      key={slot}
      type="button"
      aria-label={t('library.item.loadLabel', { name: item.name, slot: t(`library.sides.${slot}`) })}
      title={training.includes(slot) ? t('library.item.slotTraining', { slot: t(`library.sides.${slot}`) }) : undefined}
      disabled={busy || shownIn.includes(slot) || training.includes(slot)}
      onClick={() => void loadCatalogItem(item, slot)}
    >
      {t('library.item.load', { slot: t(`library.sides.${slot}`) })}
    </button>
  );
  return (
    <li className="model-item" aria-label={item.name}>
      <div className="model-item-head">
        <span className="model-name">{item.name}</span>
        <span className={`badge badge-${item.source}`}>{t(`library.item.source.${item.source}`)}</span>
        {shownIn && <span className="badge badge-shown">{t('library.item.shownOn', { slots: shownSides })}</span>}
      </div>
      <p className="model-shape">{modelShape(meta)}</p>
      <TestFigures metrics={meta.testMetrics} />
      {renaming && <RenameForm name={item.name} onDone={() => setMode('idle')} />}
      {deleting && (
        <p className="confirm" role="group" aria-label={t('library.item.confirmLabel', { name: item.name })}>
          {t('library.item.confirm', { name: item.name })}{' '}
          <button
            type="button"
            className="danger"
            onClick={() => {
              setMode('idle');
              void deleteSaved(item.id);
            }}
          >
            {t('library.item.deleteForGood')}
          </button>{' '}
          <button type="button" onClick={() => setMode('idle')}>
            {t('library.item.keep')}
          </button>
        </p>
      )}
      {idle && (
        <div className="button-row">
          {SLOTS.map(loadButton)}
          {isSaved && (
            <>
              <button
                type="button"
                aria-label={t('library.item.downloadLabel', { name: item.name })}
                disabled={busy}
                onClick={() => void downloadSavedModel(item.id, downloadModelZip)}
              >
                {t('library.item.download')}
              </button>
              <button
                type="button"
                aria-label={t('library.item.renameLabel', { name: item.name })}
                disabled={busy}
                onClick={() => setMode('rename')}
              >
                {t('library.item.rename')}
              </button>
              <button
                type="button"
                aria-label={t('library.item.deleteLabel', { name: item.name })}
                disabled={busy}
                onClick={() => setMode('delete')}
              >
                {t('library.item.delete')}
              </button>
            </>
          )}
        </div>
      )}
    </li>
  );
}
