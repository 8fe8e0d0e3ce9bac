import { Field, SelectField } from './Field';
import { useStore } from '../state/createStore';
import { changeBackend, updateForm } from '../state/trainingActions';
import { trainingStore } from '../state/trainingStore';
import type { BackendChoice, SlotForm, TrainingForm } from '../state/trainingForm';
import type { Likelihood } from '../model/config';
import type { ModelSlot } from '../worker/protocol';

const SLOT_LABEL: Record<ModelSlot, string> = { vae: 'VAE', ae: 'AE' };

function SlotSettings({ slot }: { slot: ModelSlot }) {
  const form = useStore(trainingStore, (s) => s.form.slots[slot]);
  const errors = useStore(trainingStore, (s) => s.formErrors);
  const name = SLOT_LABEL[slot];
  const set = (patch: Partial<SlotForm>) =>
    updateForm((f) => ({ ...f, slots: { ...f.slots, [slot]: { ...f.slots[slot], ...patch } } }));
  const err = (field: string) => errors[`${slot}.${field}`];
  return (
    <fieldset className="slot-settings">
      <legend>
        <label>
          <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> Train{' '}
          {name}
        </label>
      </legend>
      <Field
        label={`${name} latent dimension`}
        value={form.latentDim}
        inputMode="numeric"
        onChange={(v) => set({ latentDim: v })}
        error={err('latentDim')}
        disabled={!form.enabled}
      />
      <Field
        label={`${name} hidden sizes`}
        value={form.hidden}
        inputMode="text"
        hint="encoder, e.g. 512, 256; the decoder mirrors it"
        onChange={(v) => set({ hidden: v })}
        error={err('hidden')}
        disabled={!form.enabled}
      />
      {slot === 'vae' && (
        <>
          <Field
            label="VAE beta"
            value={form.beta}
            onChange={(v) => set({ beta: v })}
            error={err('beta')}
            disabled={!form.enabled}
            hint="weight of the KL term, 0-10 (1: the ELBO)"
          />
          <Field
            label="VAE KL warm-up steps"
            value={form.klWarmupSteps}
            inputMode="numeric"
            onChange={(v) => set({ klWarmupSteps: v })}
            error={err('klWarmupSteps')}
            disabled={!form.enabled}
            hint="0 = off"
          />
        </>
      )}
      <Field
        label={`${name} learning rate`}
        value={form.learningRate}
        onChange={(v) => set({ learningRate: v })}
        error={err('learningRate')}
        disabled={!form.enabled}
      />
      <Field
        label={`${name} batch size`}
        value={form.batchSize}
        inputMode="numeric"
        onChange={(v) => set({ batchSize: v })}
        error={err('batchSize')}
        disabled={!form.enabled}
      />
      <SelectField<Likelihood>
        label={`${name} likelihood`}
        value={form.likelihood}
        disabled={!form.enabled}
        options={[
          { value: 'bernoulli', label: 'Bernoulli (BCE)' },
          { value: 'gaussian', label: 'Gaussian (MSE, sigma 0.1)' },
        ]}
        onChange={(likelihood) => set({ likelihood })}
      />
      {errors[slot] && <p className="field-error">{errors[slot]}</p>}
    </fieldset>
  );
}

export function TrainingSettings() {
  const form = useStore(trainingStore, (s) => s.form);
  const errors = useStore(trainingStore, (s) => s.formErrors);
  return (
    <form className="training-settings" aria-label="Training settings" onSubmit={(e) => e.preventDefault()}>
      <div className="slot-settings-row">
        <SlotSettings slot="vae" />
        <SlotSettings slot="ae" />
      </div>
      <div className="shared-settings">
        <Field
          label="Epochs"
          value={form.epochs}
          inputMode="numeric"
          onChange={(v) => updateForm((f) => ({ ...f, epochs: v }))}
          error={errors.epochs}
        />
        <Field
          label="Seed"
          value={form.seed}
          inputMode="numeric"
          hint="weights, data order and noise; shared so both models see the same batches"
          onChange={(v) => updateForm((f) => ({ ...f, seed: v }))}
          error={errors.seed}
        />
        <Field
          label="Importance samples K"
          value={form.iwaeK}
          inputMode="numeric"
          hint="for -log p(x) on 500 test digits"
          onChange={(v) => updateForm((f) => ({ ...f, iwaeK: v }))}
          error={errors.iwaeK}
        />
        <Field
          label="Test evaluations per epoch"
          value={form.evalsPerEpoch}
          inputMode="numeric"
          hint="1-20; each costs a pass over the 10,000 test digits"
          onChange={(v) => updateForm((f) => ({ ...f, evalsPerEpoch: v }))}
          error={errors.evalsPerEpoch}
        />
        <SelectField<TrainingForm['snapshotCount']>
          label="Digits on the live map"
          value={form.snapshotCount}
          options={[
            { value: '1000', label: '1,000 (smoothest)' },
            { value: '2000', label: '2,000' },
            { value: '5000', label: '5,000' },
            { value: '10000', label: 'all 10,000' },
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
            Anneal the learning rate
          </label>
          <span className="field-hint">held for half the run, then cosine-decayed to 5%</span>
        </div>
        <SelectField<BackendChoice>
          label="Backend"
          value={form.backend}
          options={[
            { value: 'webgl', label: 'WebGL (GPU)' },
            { value: 'wasm', label: 'WebAssembly (CPU, SIMD)' },
            { value: 'cpu', label: 'Plain JavaScript (CPU)' },
            { value: 'auto', label: 'Auto (time each, keep the fastest)' },
          ]}
          onChange={(choice) => void changeBackend(choice)}
        />
      </div>
      {errors.models && <p className="field-error">{errors.models}</p>}
    </form>
  );
}
