import { expect, mapsReady, rowNumbers, test } from './fixtures';
import type { Page } from '@playwright/test';

const panel = (page: Page) => page.getByRole('region', { name: /^The odd one out/ });

test('the odd one out on vae-2d: histograms, ROC, both AUROCs, and the two shipped VAEs both ways round', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(240_000);
  await mapsReady(page);
  const odd = panel(page);
  await odd.getByRole('button', { name: 'Score the test sets' }).click();
  await expect(odd.getByText(/^Scores shipped with the model: all \d+ test images/)).toBeVisible({ timeout: 120_000 });
  await expect(
    odd.getByRole('img', { name: /^Histograms of the score over the MNIST and Fashion-MNIST/ }),
  ).toBeVisible();
  await expect(odd.getByRole('img', { name: /^ROC curves: MNIST test set against Fashion-MNIST/ })).toBeVisible();
  const aurocs = odd.getByRole('table', { name: 'AUROC, the MNIST test set as normal' });
  for (const row of [/^Fashion-MNIST/, /^noise/]) {
    const values = await rowNumbers(aurocs, row);
    expect(values).toHaveLength(2);
    for (const v of values) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  }
  // The caption says which way the figures went, with the AUROC it read.
  const [raw] = await rowNumbers(aurocs, /^Fashion-MNIST/);
  await expect(odd.getByText(new RegExp(`AUROC ${raw.toFixed(3)}`)).first()).toBeVisible();

  // Both directions: the MNIST VAE shown Fashion-MNIST, the Fashion-MNIST VAE shown MNIST.
  const both = odd.getByRole('table', { name: /^Both ways round/ });
  await expect(both).toBeVisible({ timeout: 120_000 });
  for (const row of [/^vae-2d: MNIST against Fashion-MNIST/, /^fashion-vae-2d: Fashion-MNIST against MNIST/]) {
    const values = (await rowNumbers(both, row)).slice(-2);
    for (const v of values) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  }

  // The marks (test digit 0 when none is picked, its inverse, noise) and the score and units switches.
  const histogram = odd.getByRole('img', { name: /^Histograms of the score/ });
  await expect(histogram).toContainText('test #0');
  await expect(histogram).toContainText('inverted');
  await odd.getByRole('radio', { name: '−log p(x) − L(x)' }).check();
  await odd.getByRole('radio', { name: 'bits per dimension' }).check();
  await expect(histogram).toContainText('−log p(x) − L(x), bits per dimension');
  expect(consoleErrors).toEqual([]);
});

test('a scores file that fails its checks is named, and the scores are computed instead', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(240_000);
  await page.route('**/models/vae-2d/likelihood-scores.bin', async (route) => {
    const response = await route.fetch();
    const body = await response.body();
    await route.fulfill({ response, body: body.subarray(0, body.length - 8) });
  });
  await mapsReady(page);
  const odd = panel(page);
  await odd.getByLabel(/^Images of each set/).fill('12');
  await odd.getByRole('button', { name: 'Score the test sets' }).click();
  await expect(odd.getByText(/^Computed now: the first 12 test images of each dataset, by quadrature/)).toBeVisible({
    timeout: 180_000,
  });
  // Refused twice, each time by its name: for the model shown, and for the table of both shipped VAEs.
  await expect(odd.getByRole('alert').filter({ hasText: /^The model’s scores file was refused/ })).toContainText(
    'likelihood-scores.bin',
  );
  await expect(
    odd.getByRole('alert').filter({ hasText: /^The shipped VAEs’ scores could not be loaded/ }),
  ).toContainText('models/vae-2d/likelihood-scores.bin');
  const values = await rowNumbers(odd.getByRole('table', { name: 'AUROC, the MNIST test set as normal' }), /^noise/);
  expect(values).toHaveLength(2);
  expect(consoleErrors).toEqual([]);
});
