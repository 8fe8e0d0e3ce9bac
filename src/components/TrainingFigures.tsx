import type { TFunction } from 'i18next';
import { count, nats } from './format';
import { useT } from '../i18n';
import { codeUsageFigures } from '../lib/codeUsage';
import { familyInfo } from '../model/familyInfo';
import type { EpochPoint, StepPoint } from '../model/training/events';
import { useRuns, type RunView } from '../state/runsView';

/** The mean of the last few step points: what the smoothed curve shows at its end. */
function recent(points: StepPoint[], key: keyof StepPoint, n = 5): number | null {
  if (points.length === 0) return null;
  const tail = points.slice(-n);
  return tail.reduce((s, p) => s + (p[key] as number), 0) / tail.length;
}

/** The run's family reports a KL figure (a VQ-VAE's is log K): its KL and -ELBO rows have values. */
const hasKl = (r: RunView) => familyInfo(r.run.config.kind).klMethod(r.run.config.prior) !== null;
const hasCodebook = (r: RunView) => familyInfo(r.run.config.kind).hasCodebook;

type RowId = 'reconstruction' | 'kl' | 'negElbo' | 'loss' | 'perplexity';
type Row = [RowId, (r: RunView, test: EpochPoint | undefined) => [unknown, unknown]];

/** Batch figures and the latest test evaluation (one evaluation: same weights, same digits); labels: training.figures.rows. */
const ROWS: Row[] = [
  ['reconstruction', (r, t) => [recent(r.run.steps, 'reconstruction'), t?.reconstruction]],
  ['kl', (r, t) => (hasKl(r) ? [recent(r.run.steps, 'kl'), t?.kl] : [null, null])],
  ['negElbo', (r, t) => (hasKl(r) ? [recent(r.run.steps, 'negElbo'), t?.negElbo] : [null, null])],
  ['loss', (r) => [recent(r.run.steps, 'loss'), null]],
  ['perplexity', (_r, t) => [null, t?.codeUsage ? codeUsageFigures(t.codeUsage).perplexity : null]],
];

const evaluationText = (t: TFunction, p: EpochPoint) =>
  t('training.figures.evaluation', { step: count(p.step), epoch: Number(p.epoch.toFixed(2)) });

/**
 * The importance-sampled figures of one evaluation: -ELBO and -log p(x)
 * from the same K draws per digit, on the same digits, with the same
 * weights, so -log p(x) <= -ELBO on every digit (Jensen) and the gap is
 * their difference, a lower bound on the mean KL(q(z|x) || p(z|x)).
 */
function ImportanceSampledRows({ runs }: { runs: RunView[] }) {
  const { t } = useT();
  const last = runs.map((r) => [...r.run.epochs].reverse().find((p) => p.iwae));
  if (!last.some(Boolean)) return null;
  const cells = (pick: (iwae: NonNullable<EpochPoint['iwae']>) => number) =>
    runs.map((r, i) => {
      const iwae = last[i]?.iwae;
      return [<td key={`${r.slot}-batch`} />, <td key={`${r.slot}-test`}>{iwae ? nats(pick(iwae)) : '–'}</td>];
    });
  return (
    <tbody aria-label={t('training.figures.iwae.name')}>
      <tr>
        <th scope="rowgroup" colSpan={1 + 2 * runs.length} className="row-group">
          {t('training.figures.iwae.heading', {
            runs: runs
              .map((r, i) => {
                const p = last[i];
                return p?.iwae
                  ? t('training.figures.iwae.run', {
                      label: r.label,
                      evaluation: evaluationText(t, p),
                      K: p.iwae.K,
                      digits: count(p.iwae.count),
                    })
                  : null;
              })
              .filter(Boolean)
              .join('; '),
          })}
        </th>
      </tr>
      <tr>
        <th scope="row">{t('training.figures.iwae.negElbo')}</th>
        {cells((iwae) => iwae.negElbo)}
      </tr>
      <tr>
        <th scope="row">{t('training.figures.iwae.negLogLikelihood')}</th>
        {cells((iwae) => iwae.negLogLikelihood)}
      </tr>
      <tr>
        <th scope="row">{t('training.figures.iwae.gap')}</th>
        {cells((iwae) => iwae.gap)}
      </tr>
    </tbody>
  );
}

export function TrainingFigures() {
  const { t } = useT();
  const runs = useRuns();
  if (runs.length === 0) return null;
  const tests = runs.map((r) => r.run.epochs[r.run.epochs.length - 1]);
  const rows = ROWS.filter(([id]) => id !== 'perplexity' || runs.some(hasCodebook));
  const sampled = tests.some((p) => p?.klMethod === 'sampled');
  const testsText =
    runs
      .map((r, i) =>
        tests[i]
          ? t('training.figures.captionTest', {
              label: r.label,
              evaluation: evaluationText(t, tests[i]),
              digits: count(tests[i].count),
            })
          : null,
      )
      .filter(Boolean)
      .join('; ') || t('training.figures.noneYet');
  return (
    <table className="figures" aria-label={t('training.figures.name')}>
      <caption>
        {t('training.figures.caption', { tests: testsText })}
        {sampled && ` ${t('training.figures.sampledKl')}`}
        {runs.some(hasCodebook) && ` ${t('training.figures.vqKl')}`}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('training.figures.figure')}</th>
          {runs.map((r) => [
            <th key={`${r.slot}-batch`} scope="col">
              {t('training.figures.batch', { label: r.label })}
            </th>,
            <th key={`${r.slot}-test`} scope="col">
              {t('training.figures.test', { label: r.label })}
            </th>,
          ])}
        </tr>
      </thead>
      <tbody>
        {rows.map(([id, values]) => (
          <tr key={id}>
            <th scope="row">{t(`training.figures.rows.${id}`)}</th>
            {runs.flatMap((r, i) =>
              values(r, tests[i]).map((v, j) => (
                <td key={`${r.slot}-${j}`}>{nats(typeof v === 'number' ? v : null)}</td>
              )),
            )}
          </tr>
        ))}
      </tbody>
      <ImportanceSampledRows runs={runs} />
    </table>
  );
}
