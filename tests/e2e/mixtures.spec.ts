import { canvasInk, chooseBackend, expect, openApp, test } from './fixtures';
import type { Locator, Page } from '@playwright/test';

/**
 * Finite against infinite mixtures: a GMM on the AE's codes, the aggregate
 * posterior against the prior, the VAE as an infinite mixture, and a VAE
 * with a learned mixture prior (shipped, and trained live).
 */

function panel(page: Page): Locator {
  return page.getByRole('region', { name: 'Mixtures and priors' });
}

/** Every number in a text (thousands separators dropped, Unicode minus read as '-'). */
function numbers(text: string): number[] {
  return (text.replace(/−/g, '-').match(/-?\d[\d,]*\.?\d*/g) ?? []).map((s) => Number(s.replace(/,/g, '')));
}

async function shippedPairShown(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: /^VAE: VAE, 2-D latent/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: /^AE: AE, 2-D code/ })).toBeVisible();
  await expect(page.getByText(/^Reconstruction [\d.]+.*nats per test image/).first()).toBeVisible();
}

test('a 10-component GMM on the AE codes: ellipses on the AE map, held-out fit, samples beside the VAE prior samples', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(300_000);
  await shippedPairShown(page);
  const mixtures = panel(page);
  await mixtures.getByRole('radiogroup', { name: 'GMM model' }).getByRole('radio', { name: 'AE', exact: true }).check();
  await mixtures.getByLabel('GMM components').fill('10');
  await mixtures.getByRole('button', { name: 'Fit the GMM' }).click();
  const fit = mixtures.getByLabel('GMM fit');
  await expect(fit).toContainText('K = 10', { timeout: 120_000 });
  const [, train, fitted, heldOut] = numbers(await fit.innerText());
  expect(fitted).toBe(20_000);
  expect(Number.isFinite(train) && Number.isFinite(heldOut)).toBe(true);
  // Its components and contours, on the AE's map and not the VAE's.
  await expect(page.getByRole('list', { name: 'Also drawn on the map (AE)' })).toContainText(
    'GMM on the codes: 10 components',
  );
  await expect(page.getByRole('list', { name: 'Also drawn on the map (VAE)' })).toHaveCount(0);

  await fit.getByRole('button', { name: 'Sample from AE + GMM' }).click();
  const gmmSamples = mixtures.getByRole('img', { name: 'Samples from the GMM on the codes' });
  const priorSamples = mixtures.getByRole('img', { name: "Prior samples beside the GMM's" });
  await expect.poll(() => canvasInk(gmmSamples)).toBeGreaterThan(50);
  await expect.poll(() => canvasInk(priorSamples)).toBeGreaterThan(50);
  // The finite mixture's 10 components beside the VAE's infinite one.
  await expect
    .poll(() => canvasInk(mixtures.getByRole('img', { name: 'Components of the finite mixture' })))
    .toBeGreaterThan(20);
  await mixtures.getByRole('button', { name: 'Draw components from the prior' }).click();
  await expect
    .poll(() => canvasInk(mixtures.getByRole('img', { name: 'Components of the infinite mixture' })))
    .toBeGreaterThan(50);

  // The held-out fit and BIC against K, point by point, with progress.
  await mixtures.getByRole('button', { name: 'Held-out fit and BIC for K = 1 to 50' }).click();
  await expect(mixtures.getByRole('progressbar', { name: 'GMM sweep progress' })).toBeVisible();
  await expect(mixtures.getByRole('progressbar', { name: 'GMM sweep progress' })).toHaveCount(0, { timeout: 150_000 });
  await expect(mixtures.getByRole('img', { name: 'Held-out log-likelihood against K' })).toBeVisible();
  await expect(mixtures.getByRole('img', { name: 'BIC against K' })).toBeVisible();
  // One BIC, one unit: the fit line's BIC per code at K = 10 and the chart's at K = 10 (fitted on 20,000 and
  // 5,000 codes of the same model) agree to within a few per cent, not a factor of four.
  const [bicOfFit] = numbers((await fit.innerText()).split('BIC per code')[1]);
  const bicChart = mixtures.getByRole('img', { name: 'BIC against K' }).locator('xpath=..');
  await bicChart.getByText(/^The numbers/).click();
  const row = bicChart.getByRole('table', { name: 'BIC against K: data' }).getByRole('row', { name: /^10 / });
  const bicOfSweep = Number((await row.getByRole('cell').allInnerTexts())[0]);
  expect(Math.abs(bicOfSweep - bicOfFit) / Math.abs(bicOfFit)).toBeLessThan(0.05);

  // A bad K is refused in place, and nothing fitted is lost.
  await mixtures.getByLabel('GMM components').fill('0');
  await expect(mixtures.getByText('K must be a whole number between 1 and 50')).toBeVisible();
  await expect(mixtures.getByRole('button', { name: 'Fit the GMM' })).toBeDisabled();
  await expect(fit).toContainText('K = 10');
  expect(consoleErrors).toEqual([]);
});

test('the aggregate posterior of the VAE against its prior: a heatmap on the map, KL(q(z) || p(z)) and holes', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(120_000);
  await shippedPairShown(page);
  const mixtures = panel(page);
  await mixtures.getByRole('button', { name: 'Show the aggregate posterior' }).click();
  const figures = mixtures.getByLabel('Aggregate posterior figures');
  await expect(figures).toContainText('KL(q(z) ‖ p(z))', { timeout: 90_000 });
  const [kl, se] = numbers((await figures.innerText()).split('≈')[1]);
  expect(kl).toBeGreaterThan(0);
  expect(se).toBeGreaterThan(0);
  expect(se).toBeLessThan(kl);
  await expect(figures).toContainText(/\d+(\.\d+)?\s?% of [\d,]+ prior draws land where/);
  const legend = page.getByRole('list', { name: 'Also drawn on the map (VAE)' });
  await expect(legend).toContainText('Aggregate posterior q(z)');
  // The teal heatmap is on the VAE's map (its base layer, under the interactive one).
  const stage = page.getByRole('application', { name: 'Latent map (VAE)' }).locator('xpath=..');
  const teal = await stage
    .locator('canvas')
    .first()
    .evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i + 2] > d[i] + 40 && d[i + 1] > d[i] + 40) n++;
      return n;
    });
  expect(teal).toBeGreaterThan(1000);
  await mixtures.getByRole('button', { name: 'Hide it' }).click();
  await expect(legend).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('the shipped mog-vae-2d shows its learned prior components on the map', async ({ page, consoleErrors }) => {
  await shippedPairShown(page);
  await page.getByRole('button', { name: 'Models: load, save, download, import' }).click();
  const library = page.getByRole('region', { name: 'Model library' });
  await library
    .getByRole('button', { name: 'Load VAE with a learned mixture prior (K = 10), 2-D latent on the left' })
    .click();
  await expect(page.getByRole('heading', { name: /^VAE: VAE with a learned mixture prior/ })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Also drawn on the map (VAE)' })).toContainText(
    'Learned prior: 10 mixture components',
  );
  // Its figures name the sampled KL: there is no closed form against a mixture.
  await expect(page.getByText(/one-sample estimate/).first()).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('a VAE with a learned mixture prior trains one epoch live, beside an AE: finite figures and its components', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(240_000);
  await openApp(page);
  await chooseBackend(page, 'wasm');
  await page.getByLabel('VAE prior', { exact: true }).selectOption('mog');
  await page.getByLabel('VAE mixture components K', { exact: true }).fill('10');
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Done', { exact: true })).toBeVisible({ timeout: 200_000 });
  const figures = page.getByRole('table', { name: 'Training figures' });
  for (const row of [/^Reconstruction/, /^KL\(q/, /^−ELBO(?! \()/]) {
    const cells = (await figures.getByRole('row', { name: row }).getByRole('cell').allInnerTexts()).filter(
      (c) => c !== '–',
    );
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) expect(Number.isFinite(Number(c))).toBe(true);
  }
  await expect(page.getByRole('list', { name: 'Also drawn on the map (VAE)' })).toContainText(
    'Learned prior: 10 mixture components',
  );
  expect(consoleErrors).toEqual([]);
});

test("a model's mixtures results go with it: a refit drops the old samples, a new model drops its layers", async ({
  page,
}) => {
  test.setTimeout(300_000);
  await shippedPairShown(page);
  const mixtures = panel(page);
  const gmmModel = mixtures.getByRole('radiogroup', { name: 'GMM model' });
  await gmmModel.getByRole('radio', { name: 'AE', exact: true }).check();
  await mixtures.getByLabel('GMM components').fill('3');
  await mixtures.getByRole('button', { name: 'Fit the GMM' }).click();
  const fit = mixtures.getByLabel('GMM fit');
  await expect(fit).toContainText('K = 3', { timeout: 120_000 });
  await fit.getByRole('button', { name: 'Sample from AE + GMM' }).click();
  await expect(mixtures.getByRole('img', { name: 'Samples from the GMM on the codes' })).toBeVisible();
  // A refit on the VAE: the AE + GMM samples belong to the old fit and go.
  await gmmModel.getByRole('radio', { name: 'VAE', exact: true }).check();
  await mixtures.getByRole('button', { name: 'Fit the GMM' }).click();
  await expect(fit.getByRole('button', { name: 'Sample from VAE + GMM' })).toBeVisible({ timeout: 120_000 });
  await expect(mixtures.getByRole('img', { name: 'Samples from the GMM on the codes' })).toHaveCount(0);
  await mixtures.getByRole('button', { name: 'Show the aggregate posterior' }).click();
  const vaeLegend = page.getByRole('list', { name: 'Also drawn on the map (VAE)' });
  await expect(vaeLegend).toContainText('Aggregate posterior');
  await expect(vaeLegend).toContainText('GMM on the codes');
  // Another model in the left slot: nothing of the old one is drawn on its map or reported.
  await page.getByRole('button', { name: 'Models: load, save, download, import' }).click();
  const library = page.getByRole('region', { name: 'Model library' });
  await library.getByRole('button', { name: 'Load beta-VAE (beta 4), 2-D latent on the left', exact: true }).click();
  await expect(page.getByRole('heading', { name: /^VAE: beta-VAE \(beta 4\)/ })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Also drawn on the map (VAE)' })).toHaveCount(0);
  await expect(mixtures.getByLabel('GMM fit')).toHaveCount(0);
  await expect(mixtures.getByLabel('Aggregate posterior figures')).toHaveCount(0);
});
