import { Field, SelectField } from './Field';
import { useStore } from '../state/createStore';
import { changeBackend, updateForm } from '../state/trainingActions';
import { trainingStore } from '../state/trainingStore';
import { formLabels, type SlotForm, type TrainingForm } from '../state/trainingForm';
import { MODEL_KINDS, type CodebookUpdate, type Likelihood, type ModelKind } from '../model/config';
import { FAMILY_INFO, familyInfo } from '../model/familyInfo';
import type { BackendChoice } from '../model/training/backend';
import { SLOTS, type SlotId } from '../lib/slots';

function SlotSettings({ slot }: { slot: SlotId }) {
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
          <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> Train{' '}
          {name}
        </label>
      </legend>
      <SelectField<ModelKind>
        label={`Model on the ${slot}`}
        value={form.family}
        disabled={off}
        options={MODEL_KINDS.map((kind) => ({ value: kind, label: FAMILY_INFO[kind].label }))}
        onChange={(family) => set({ family })}
      />
      <p className="field-hint">{info.summary}</p>
      <Field
        label={`${name} latent dimension`}
        value={form.latentDim}
        inputMode="numeric"
        onChange={(v) => set({ latentDim: v })}
        error={err('latentDim')}
        disabled={off}
      />
      <Field
        label={`${name} hidden sizes`}
        value={form.hidden}
        inputMode="text"
        hint="encoder, e.g. 512, 256; the decoder mirrors it"
        onChange={(v) => set({ hidden: v })}
        error={err('hidden')}
        disabled={off}
      />
      {info.hasKlTerm && (
        <>
          <Field
            label={`${name} beta`}
            value={form.beta}
            onChange={(v) => set({ beta: v })}
            error={err('beta')}
            disabled={off}
            hint="weight of the KL term, 0-10 (1: the ELBO)"
          />
          <Field
            label={`${name} KL warm-up steps`}
            value={form.klWarmupSteps}
            inputMode="numeric"
            onChange={(v) => set({ klWarmupSteps: v })}
            error={err('klWarmupSteps')}
            disabled={off}
            hint="0 = off"
          />
        </>
      )}
      {info.hasPrior && (
        <>
          <SelectField<SlotForm['prior']>
            label={`${name} prior`}
            value={form.prior}
            disabled={off}
            options={[
              { value: 'standard', label: 'N(0, I)' },
              { value: 'mog', label: 'Mixture of K Gaussians (learned)' },
            ]}
            onChange={(prior) => set({ prior })}
          />
          {form.prior === 'mog' && (
            <Field
              label={`${name} mixture components K`}
              value={form.priorComponents}
              inputMode="numeric"
              onChange={(v) => set({ priorComponents: v })}
              error={err('priorComponents')}
              disabled={off}
              hint="learned means, log-variances and weights; KL estimated by sampling"
            />
          )}
        </>
      )}
      {form.family === 'vq-vae' && (
        <>
          <Field
            label={`${name} codebook size K`}
            value={form.codebookSize}
            inputMode="numeric"
            onChange={(v) => set({ codebookSize: v })}
            error={err('codebookSize')}
            disabled={off}
            hint="codes; unused ones restart at a random z_e every 100 steps"
          />
          <Field
            label={`${name} commitment weight`}
            value={form.commitment}
            onChange={(v) => set({ commitment: v })}
            error={err('commitment')}
            disabled={off}
            hint="β_c of ‖z_e − sg[e]‖²"
          />
          <SelectField<CodebookUpdate>
            label={`${name} codebook update`}
            value={form.codebookUpdate}
            disabled={off}
            options={[
              { value: 'ema', label: 'moving averages of the z_e each code gets (EMA)' },
              { value: 'loss', label: 'the codebook loss ‖sg[z_e] − e‖² (Adam)' },
            ]}
            onChange={(codebookUpdate) => set({ codebookUpdate })}
          />
        </>
      )}
      {form.family === 'flow-vae' && (
        <Field
          label={`${name} flow layers T`}
          value={form.flowSteps}
          inputMode="numeric"
          onChange={(v) => set({ flowSteps: v })}
          error={err('flowSteps')}
          disabled={off}
          hint="affine couplings conditioned on x"
        />
      )}
      <Field
        label={`${name} learning rate`}
        value={form.learningRate}
        onChange={(v) => set({ learningRate: v })}
        error={err('learningRate')}
        disabled={off}
      />
      <Field
        label={`${name} batch size`}
        value={form.batchSize}
        inputMode="numeric"
        onChange={(v) => set({ batchSize: v })}
        error={err('batchSize')}
        disabled={off}
      />
      <SelectField<Likelihood>
        label={`${name} likelihood`}
        value={form.likelihood}
        disabled={off}
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
        {SLOTS.map((slot) => (
          <SlotSettings key={slot} slot={slot} />
        ))}
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
          hint="for -log p(x) on 500 test digits drawn at random"
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
          <span className="field-hint">held for the first 30% of the run, then cosine-decayed to 5%</span>
        </div>
        <SelectField<BackendChoice>
          label="Backend"
          value={form.backend}
          options={[
            { value: 'auto', label: 'Auto (WebGL on a GPU, else WebAssembly)' },
            { value: 'webgl', label: 'WebGL (GPU)' },
            { value: 'wasm', label: 'WebAssembly (CPU, SIMD)' },
            { value: 'cpu', label: 'Plain JavaScript (CPU)' },
          ]}
          onChange={(choice) => void changeBackend(choice)}
        />
      </div>
      {errors.models && <p className="field-error">{errors.models}</p>}
    </form>
  );
}
