/**
 * The study notes' claim that a full covariance for q(z|x) is "too costly and makes training unstable",
 * measured: the full-covariance VAE (fullcov-vae) against the diagonal VAE of the same shape, side by
 * side in one run, in Node on the wasm backend (the training loop the page runs, src/model/training).
 *
 *   (a) cost: the encoder head's parameters and training samples/s at d = 2, 8, 32, 128 (medians of
 *       --rounds rounds of --steps steps each, timed as npm run bench:node times a family: timeSteps in
 *       train-node.ts; the two families alternating);
 *   (b) stability: --seeds seeds at each of --rates (default: 1e-3, the default rate, and 3x it), --epochs epochs each,
 *       constant learning rate: how many runs diverge (the session's rollback: a NaN, infinite or
 *       exploding loss restores the last good weights and stops the run), and their final test -ELBO;
 *   (c) what it buys: read from the shipped models' meta.json (vae-2d, fullcov-vae-2d): test -ELBO,
 *       IWAE and the mean KL(q(z|x) || p(z|x)) on the grid (npm run models:figures writes it).
 *
 *   npm run fullcov-claim [-- --rounds 3 --steps 30 --seeds 5 --epochs 3 --rates 0.001,0.003]
 *     [--skip-cost | --skip-stability]: keep that part from the last run's JSON
 *
 * Prints markdown tables and writes bench/results/fullcov-claim.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { loadMnistFromPackage } from '../scripts/lib/node-mnist';
import { initNodeBackend } from '../scripts/lib/node-tf';
import { summarize } from './stats';
import { timeSteps } from './train-node';
import { REFERENCE_VAE_CONFIG, type ModelConfig, type ModelKind } from '../src/model/config';
import { layerShapes } from '../src/model/params';
import { DEFAULT_RUN_PLAN, type RunPlan, type TrainingEvent } from '../src/model/training/events';
import { TrainingSession } from '../src/model/training/session';
import type { MnistData } from '../src/data/mnist';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const KINDS: Array<{ kind: ModelKind; label: string }> = [
  { kind: 'vae', label: 'diagonal' },
  { kind: 'fullcov-vae', label: 'full' },
];

/** Parameters of the encoder's heads (everything after the shared trunk). */
function headParameters(config: ModelConfig): number {
  return layerShapes(config).heads.reduce((sum, { inputs, units }) => sum + inputs * units + units, 0);
}

interface CostRow {
  latentDim: number;
  headParameters: Record<string, number>;
  samplesPerSec: Record<string, number>;
  rounds: Record<string, number[]>;
}

async function measureCost(data: MnistData, rounds: number, steps: number): Promise<CostRow[]> {
  const rows: CostRow[] = [];
  for (const d of [2, 8, 32, 128]) {
    const row: CostRow = { latentDim: d, headParameters: {}, samplesPerSec: {}, rounds: {} };
    for (const { kind, label } of KINDS) {
      row.headParameters[label] = headParameters({ ...REFERENCE_VAE_CONFIG, kind, latentDim: d });
      row.rounds[label] = [];
    }
    for (let r = 0; r < rounds; r++) {
      // Alternating, so that a slow moment of the machine falls on both.
      const order = r % 2 ? [...KINDS].reverse() : KINDS;
      for (const { kind, label } of order) {
        row.rounds[label].push(
          await timeSteps(data, { ...REFERENCE_VAE_CONFIG, kind, latentDim: d }, 'fast', steps, 10),
        );
      }
    }
    for (const { label } of KINDS) row.samplesPerSec[label] = summarize(row.rounds[label]).median;
    console.log(
      `d = ${d}: head ${row.headParameters.diagonal} vs ${row.headParameters.full} parameters; ` +
        `${row.samplesPerSec.diagonal.toFixed(0)} vs ${row.samplesPerSec.full.toFixed(0)} samples/s`,
    );
    rows.push(row);
  }
  return rows;
}

interface StabilityRun {
  family: string;
  learningRate: number;
  seed: number;
  diverged: boolean;
  divergedAtStep: number | null;
  finalNegElbo: number | null;
}

async function measureStability(
  data: MnistData,
  seeds: number,
  epochs: number,
  rates: number[],
): Promise<StabilityRun[]> {
  const runs: StabilityRun[] = [];
  const plan: RunPlan = {
    ...DEFAULT_RUN_PLAN,
    epochs,
    evalEveryEpochs: epochs,
    iwaeCount: 0,
    publish: null,
    schedule: null,
  };
  for (const learningRate of rates) {
    for (let seed = 1; seed <= seeds; seed++) {
      for (const { kind, label } of KINDS) {
        let divergedAtStep: number | null = null;
        let finalNegElbo: number | null = null;
        const onEvents = (events: TrainingEvent[]) => {
          for (const e of events) {
            if (e.type === 'state' && e.state === 'diverged') divergedAtStep = e.divergence?.step ?? -1;
            if (e.type === 'epoch') finalNegElbo = e.point.negElbo;
          }
        };
        const config: ModelConfig = { ...REFERENCE_VAE_CONFIG, kind, learningRate, seed };
        const session = new TrainingSession(data, config, plan, onEvents);
        await session.run();
        session.dispose();
        const run: StabilityRun = {
          family: label,
          learningRate,
          seed,
          diverged: divergedAtStep !== null,
          divergedAtStep,
          finalNegElbo,
        };
        console.log(
          `lr ${learningRate}, seed ${seed}, ${label}: ${run.diverged ? `diverged at step ${divergedAtStep}` : 'trained'}; ` +
            `test -ELBO ${finalNegElbo === null ? '–' : (finalNegElbo as number).toFixed(2)}`,
        );
        runs.push(run);
      }
    }
  }
  return runs;
}

interface ShippedFigures {
  id: string;
  negElbo: number;
  iwae: number;
  klToTruePosterior: number | null;
  count: number;
}

function shipped(id: string): ShippedFigures | null {
  try {
    const meta = JSON.parse(readFileSync(`models/${id}/meta.json`, 'utf8')) as {
      testMetrics: {
        negElbo: number;
        iwaeNegLogLikelihood: number;
        klToTruePosterior?: number;
        count: number;
      };
    };
    const m = meta.testMetrics;
    return {
      id,
      negElbo: m.negElbo,
      iwae: m.iwaeNegLogLikelihood,
      klToTruePosterior: m.klToTruePosterior ?? null,
      count: m.count,
    };
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const rounds = option('rounds', 3);
  const steps = option('steps', 30);
  const seeds = option('seeds', 5);
  const epochs = option('epochs', 3);
  const skipStability = process.argv.includes('--skip-stability');
  const skipCost = process.argv.includes('--skip-cost');
  const ratesIndex = process.argv.indexOf('--rates');
  const rates = ratesIndex >= 0 ? process.argv[ratesIndex + 1].split(',').map(Number) : [1e-3, 3e-3];
  const backend = await initNodeBackend('wasm');
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`tfjs backend: ${backend}; ${cpu}, ${os.cpus().length} cores`);
  const data = await loadMnistFromPackage();

  // A run that skips a part keeps what an earlier run wrote of it (stability: the other learning rates).
  const file = 'bench/results/fullcov-claim.json';
  let earlier: { cost?: CostRow[]; stability?: StabilityRun[] } = {};
  try {
    earlier = JSON.parse(readFileSync(file, 'utf8')) as typeof earlier;
  } catch {
    earlier = {};
  }
  const cost = skipCost ? (earlier.cost ?? []) : await measureCost(data, rounds, steps);
  const measured = skipStability ? [] : await measureStability(data, seeds, epochs, rates);
  const stability = [
    ...(earlier.stability ?? []).filter((r) => !measured.some((m) => m.learningRate === r.learningRate)),
    ...measured,
  ];
  const figures = ['vae-2d', 'fullcov-vae-2d'].map(shipped);

  console.log(
    `\n### (a) Cost (784-512-256-d, batch 128, wasm in Node, ${cpu}; medians of ${rounds} x ${steps} steps)\n`,
  );
  console.log('| d | head parameters, diagonal | full | samples/s, diagonal | full | full / diagonal |');
  console.log('|---|---|---|---|---|---|');
  for (const r of cost) {
    const ratio = r.samplesPerSec.full / r.samplesPerSec.diagonal;
    console.log(
      `| ${r.latentDim} | ${r.headParameters.diagonal.toLocaleString('en')} | ${r.headParameters.full.toLocaleString('en')} | ` +
        `${r.samplesPerSec.diagonal.toFixed(0)} | ${r.samplesPerSec.full.toFixed(0)} | ${ratio.toFixed(2)}x |`,
    );
  }
  if (stability.length) {
    console.log(`\n### (b) Stability (${seeds} seeds, ${epochs} epochs, constant learning rate)\n`);
    console.log('| learning rate | family | diverged | final test -ELBO (median, range) |');
    console.log('|---|---|---|---|');
    for (const lr of [...new Set(stability.map((r) => r.learningRate))].sort((a, b) => a - b)) {
      for (const { label } of KINDS) {
        const group = stability.filter((r) => r.learningRate === lr && r.family === label);
        const finals = group.flatMap((r) => (r.finalNegElbo === null || r.diverged ? [] : [r.finalNegElbo]));
        const spread = finals.length
          ? `${summarize(finals).median.toFixed(2)} (${Math.min(...finals).toFixed(2)}-${Math.max(...finals).toFixed(2)})`
          : '–';
        console.log(`| ${lr} | ${label} | ${group.filter((r) => r.diverged).length} of ${group.length} | ${spread} |`);
      }
    }
  }
  console.log('\n### (c) What it buys (shipped models, all 10,000 test digits)\n');
  console.log('| model | test -ELBO | IWAE -log p(x), K = 100 | mean KL(q(z|x) || p(z|x)) on the grid |');
  console.log('|---|---|---|---|');
  for (const f of figures) {
    if (f)
      console.log(
        `| ${f.id} | ${f.negElbo.toFixed(2)} | ${f.iwae.toFixed(2)} | ${f.klToTruePosterior === null ? '–' : f.klToTruePosterior.toFixed(3)} |`,
      );
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    file,
    JSON.stringify({ cpu, backend, rounds, steps, seeds, epochs, cost, stability, figures }, null, 2) + '\n',
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
