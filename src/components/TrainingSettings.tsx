import { Field, SelectField } from './Field';
import { count } from './format';
import { useT } from '../i18n';
import { useStore } from '../state/createStore';
import { changeBackend, updateForm } from '../state/trainingActions';
import { trainingStore } from '../state/trainingStore';
import { formLabels, type SlotForm, type TrainingForm } from '../state/trainingForm';
import { MODEL_KINDS, type Likelihood, type ModelKind } from '../model/config';
import type { FamilySetting } from '../model/families/spec';
import { FAMILY_INFO, familyInfo } from '../model/familyInfo';
import type { BackendChoice } from '../model/training/backend';
import { SLOTS, type SlotId } from '../lib/slotIds';

/** One field of a family's own, as its info.ts declares it (families/<kind>/info.ts `settings`). */
function FamilyField({
  setting,
  value,
  name,
  error,
  disabled,
  onChange,
}: {
  setting: FamilySetting;
  value: string;
  name: string;
  error: string | undefined;
  disabled: boolean;
  onChange: (value: string) => void;
}) {
  const { t } = useT();
  const label = t(`training.settings.fields.${setting.name}`, { name });
  if (setting.kind === 'choice') {
    return (
      <SelectField<string>
        label={label}
        value={value}
        disabled={disabled}
        options={setting.options.map((o) => ({ value: o.value, label: t(`training.settings.options.${o.label}`) }))}
        onChange={onChange}
      />
    );
  }
  return (
    <Field
      label={label}
      value={value}
      inputMode={setting.kind === 'sizes' ? 'text' : setting.integer ? 'numeric' : 'decimal'}
      onChange={onChange}
      error={error}
      disabled={disabled}
      hint={t(`training.settings.hints.${setting.name}`)}
    />
  );
}

function SlotSettings({ slot }: { slot: SlotId }) {
  const { t } = useT();
  const form = useStore(trainingStore, (s) => s.form.slots[slot]);
  const name = useStore(trainingStore, (s) => formLabels(s.form)[slot]);
  const errors = useStore(trainingStore, (s) => s.formErrors);
  const info = familyInfo(form.family);
  const set = (patch: Partial<SlotForm>) =>
    updateForm((f) => ({ ...f, slots: { ...f.slots, [slot]: { ...f.slots[slot], ...patch } } }));
  const err = (field: string) => errors[`${slot}.${field}`];
  const off = !form.enabled;
  return (
    <fieldset className="slot-settings">
      <legend>
        <label>
          <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} />{' '}
          {t('training.settings.trainSlot', { name })}
        </label>
      </legend>
      <SelectField<ModelKind>
        label={t(`training.settings.modelOn.${slot}`)}
        value={form.family}
        disabled={off}
        options={MODEL_KINDS.map((kind) => ({ value: kind, label: FAMILY_INFO[kind].label }))}
        onChange={(family) => set({ family })}
      />
      <p className="field-hint">{t(`families.${form.family}.description`)}</p>
      <Field
        label={t('training.settings.fields.latentDim', { name })}
        value={form.latentDim}
        inputMode="numeric"
        onChange={(v) => set({ latentDim: v })}
        error={err('latentDim')}
        disabled={off}
      />
      <Field
        label={t('training.settings.fields.hidden', { name })}
        value={form.hidden}
        inputMode="text"
        hint={t('training.settings.hints.hidden')}
        onChange={(v) => set({ hidden: v })}
        error={err('hidden')}
        disabled={off}
      />
      {info.hasKlTerm && (
        <>
          <Field
            label={t('training.settings.fields.beta', { name })}
            value={form.beta}
            onChange={(v) => set({ beta: v })}
            error={err('beta')}
            disabled={off}
            hint={t('training.settings.hints.beta')}
          />
          <Field
            label={t('training.settings.fields.klWarmup', { name })}
            value={form.klWarmupSteps}
            inputMode="numeric"
            onChange={(v) => set({ klWarmupSteps: v })}
            error={err('klWarmupSteps')}
            disabled={off}
            hint={t('training.settings.hints.klWarmup')}
          />
        </>
      )}
      {info.hasPrior && (
        <>
          <SelectField<SlotForm['prior']>
            label={t('training.settings.fields.prior', { name })}
            value={form.prior}
            disabled={off}
            options={[
              { value: 'standard', label: t('training.settings.options.priorStandard') },
              { value: 'mog', label: t('training.settings.options.priorMixture') },
            ]}
            onChange={(prior) => set({ prior })}
          />
          {form.prior === 'mog' && (
            <Field
              label={t('training.settings.fields.components', { name })}
              value={form.priorComponents}
              inputMode="numeric"
              onChange={(v) => set({ priorComponents: v })}
              error={err('priorComponents')}
              disabled={off}
              hint={t('training.settings.hints.components')}
            />
          )}
        </>
      )}
      {info.settings.map((setting) => (
        <FamilyField
          key={setting.name}
          setting={setting}
          value={form[setting.name]}
          name={name}
          error={err(setting.name)}
          disabled={off}
          onChange={(v) => set({ [setting.name]: v })}
        />
      ))}
      <Field
        label={t('training.settings.fields.learningRate', { name })}
        value={form.learningRate}
        onChange={(v) => set({ learningRate: v })}
        error={err('learningRate')}
        disabled={off}
      />
      <Field
        label={t('training.settings.fields.batchSize', { name })}
        value={form.batchSize}
        inputMode="numeric"
        onChange={(v) => set({ batchSize: v })}
        error={err('batchSize')}
        disabled={off}
      />
      <SelectField<Likelihood>
        label={t('training.settings.fields.likelihood', { name })}
        value={form.likelihood}
        disabled={off}
        options={[
          { value: 'bernoulli', label: t('training.settings.options.bernoulli') },
          { value: 'gaussian', label: t('training.settings.options.gaussian') },
        ]}
        onChange={(likelihood) => set({ likelihood })}
      />
      {errors[slot] && <p className="field-error">{errors[slot]}</p>}
    </fieldset>
  );
}

export function TrainingSettings() {
  const { t } = useT();
  const form = useStore(trainingStore, (s) => s.form);
  const errors = useStore(trainingStore, (s) => s.formErrors);
  return (
    <form className="training-settings" aria-label={t('training.settings.name')} onSubmit={(e) => e.preventDefault()}>
      <div className="slot-settings-row">
        {SLOTS.map((slot) => (
          <SlotSettings key={slot} slot={slot} />
        ))}
      </div>
      <div className="shared-settings">
        <Field
          label={t('training.settings.fields.epochs')}
          value={form.epochs}
          inputMode="numeric"
          onChange={(v) => updateForm((f) => ({ ...f, epochs: v }))}
          error={errors.epochs}
        />
        <Field
          label={t('training.settings.fields.seed')}
          value={form.seed}
          inputMode="numeric"
          hint={t('training.settings.hints.seed')}
          onChange={(v) => updateForm((f) => ({ ...f, seed: v }))}
          error={errors.seed}
        />
        <Field
          label={t('training.settings.fields.iwaeK')}
          value={form.iwaeK}
          inputMode="numeric"
          hint={t('training.settings.hints.iwaeK')}
          onChange={(v) => updateForm((f) => ({ ...f, iwaeK: v }))}
          error={errors.iwaeK}
        />
        <Field
          label={t('training.settings.fields.evalsPerEpoch')}
          value={form.evalsPerEpoch}
          inputMode="numeric"
          hint={t('training.settings.hints.evalsPerEpoch')}
          onChange={(v) => updateForm((f) => ({ ...f, evalsPerEpoch: v }))}
          error={errors.evalsPerEpoch}
        />
        <SelectField<TrainingForm['snapshotCount']>
          label={t('training.settings.fields.snapshotCount')}
          value={form.snapshotCount}
          options={[
            { value: '1000', label: t('training.settings.options.snapshotSmoothest', { digits: count(1000) }) },
            { value: '2000', label: count(2000) },
            { value: '5000', label: count(5000) },
            { value: '10000', label: t('training.settings.options.snapshotAll', { digits: count(10000) }) },
          ]}
          onChange={(snapshotCount) => updateForm((f) => ({ ...f, snapshotCount }))}
        />
        <div className="field checkbox-field">
          <label>
            <input
              type="checkbox"
              checked={form.anneal}
              onChange={(e) => updateForm((f) => ({ ...f, anneal: e.target.checked }))}
            />{' '}
            {t('training.settings.fields.anneal')}
          </label>
          <span className="field-hint">{t('training.settings.hints.anneal')}</span>
        </div>
        <SelectField<BackendChoice>
          label={t('training.settings.fields.backend')}
          value={form.backend}
          options={[
            { value: 'auto', label: t('training.settings.options.backendAuto') },
            { value: 'webgpu', label: t('training.settings.options.backendWebgpu') },
            { value: 'webgl', label: t('training.settings.options.backendWebgl') },
            { value: 'wasm', label: t('training.settings.options.backendWasm') },
            { value: 'cpu', label: t('training.settings.options.backendCpu') },
          ]}
          onChange={(choice) => void changeBackend(choice)}
        />
      </div>
      {errors.models && <p className="field-error">{errors.models}</p>}
    </form>
  );
}
