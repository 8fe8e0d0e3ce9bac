/**
 * Start-up of two (or more) builds side by side: each `dist` folder is served
 * on its own port with the app's headers (vite preview), and Chromium opens
 * them in turn, round after round, so that both see the same machine load.
 * Prints the median time to interactive latent maps and each build's script
 * sizes (gzip). Used to measure what the lean workers changed:
 *
 *   git worktree add ../before <commit> && (cd ../before && ln -s ../main/node_modules && npm run build)
 *   npm run build && npx tsx bench/startup.ts ../before/dist dist [--runs 7]
 */
import { chromium } from '@playwright/test';
import { resolve } from 'node:path';
import { preview, type PreviewServer } from 'vite';
import { measureStartup } from './browser';
import { bundleSizes } from './bundles';
import { summarize } from './stats';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/lib/chromium';

const log = (s: string) => process.stderr.write(`${s}\n`);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 7;
  const dists = args.filter((a, i) => !a.startsWith('--') && (runsAt < 0 || i !== runsAt + 1)).map((d) => resolve(d));
  if (dists.length < 1 || !Number.isInteger(runs) || runs < 1) {
    throw new Error('usage: tsx bench/startup.ts <dist> [<dist> ...] [--runs N]');
  }
  const servers: PreviewServer[] = [];
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  try {
    for (const [i, dist] of dists.entries()) {
      servers.push(
        await preview({
          build: { outDir: dist },
          preview: { port: 4210 + i, strictPort: true, host: '127.0.0.1' },
          logLevel: 'warn',
        }),
      );
    }
    const samples = dists.map(() => [] as number[]);
    for (let round = 0; round < runs; round++) {
      for (const [i, dist] of dists.entries()) {
        log(`round ${round + 1}/${runs}: ${dist}`);
        const one = await measureStartup(browser, `http://127.0.0.1:${4210 + i}/`, 1, log);
        samples[i].push(one.timeToInteractiveMs.median);
      }
    }
    for (const [i, dist] of dists.entries()) {
      const s = summarize(samples[i]);
      console.log(`\n${dist}`);
      console.log(
        `  navigation to interactive maps: median ${s.median.toFixed(0)} ms (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)}, ${s.runs} runs)`,
      );
      for (const f of bundleSizes(dist, /\.js$/))
        console.log(`  ${f.file}: ${(f.gzipBytes / 1024).toFixed(1)} KiB gzip`);
    }
  } finally {
    await browser.close();
    for (const s of servers) await s.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
