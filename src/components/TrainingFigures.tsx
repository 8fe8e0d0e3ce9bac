import { nats } from './format';
import { useStore } from '../state/createStore';
import { trainingStore } from '../state/trainingStore';
import type { EpochPoint, StepPoint } from '../worker/protocol';

/** The mean of the last few step points: what the smoothed curve shows at its end. */
function recent(points: StepPoint[], key: keyof StepPoint, n = 5): number | null {
  if (points.length === 0) return null;
  const tail = points.slice(-n);
  return tail.reduce((s, p) => s + (p[key] as number), 0) / tail.length;
}

export function TrainingFigures() {
  const steps = useStore(trainingStore, (s) => s.steps);
  const epochs = useStore(trainingStore, (s) => s.epochs);
  const vaeTest: EpochPoint | undefined = epochs.vae[epochs.vae.length - 1];
  // The importance-sampled figures come with whole epochs only (see TrainingSession.evaluateRun).
  const vaeIwae = [...epochs.vae].reverse().find((p) => p.iwae)?.iwae;
  const aeTest: EpochPoint | undefined = epochs.ae[epochs.ae.length - 1];
  const rows: Array<[string, Array<number | null | undefined>]> = [
    [
      'Reconstruction −log p(x|z)',
      [
        recent(steps.vae, 'reconstruction'),
        vaeTest?.reconstruction,
        recent(steps.ae, 'reconstruction'),
        aeTest?.reconstruction,
      ],
    ],
    ['KL(q(z|x) ‖ N(0, I))', [recent(steps.vae, 'kl'), vaeTest?.kl, null, null]],
    ['−ELBO', [recent(steps.vae, 'negElbo'), vaeTest?.negElbo, null, null]],
    ['β-weighted loss', [recent(steps.vae, 'loss'), null, recent(steps.ae, 'loss'), null]],
    [`−log p(x), importance-sampled (K = ${vaeIwae?.K ?? '–'})`, [null, vaeIwae?.negLogLikelihood, null, null]],
    ['Gap: KL(q(z|x) ‖ p(z|x)) ≥', [null, vaeIwae?.gap, null, null]],
  ];
  return (
    <table className="figures" aria-label="Training figures">
      <caption>Nats per image. Batch: the last training batches; test: the test set after the last epoch.</caption>
      <thead>
        <tr>
          <th scope="col">Figure</th>
          <th scope="col">VAE batch</th>
          <th scope="col">VAE test</th>
          <th scope="col">AE batch</th>
          <th scope="col">AE test</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, values]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            {values.map((v, i) => (
              <td key={i}>{nats(v)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
