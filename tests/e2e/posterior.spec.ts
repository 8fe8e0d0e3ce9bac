import { expect, mapsReady, pixelsNear, rowNumbers, test } from './fixtures';

test('the posterior lab on vae-2d, test digit 7: the true posterior, both ellipses, log p(x) four ways', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(240_000);
  await mapsReady(page);
  await page.getByLabel('Lab test digit').fill('7');
  await page.getByRole('button', { name: 'Run the lab' }).click();
  await expect(page.getByRole('heading', { name: 'Test digit number 7 under the VAE' })).toBeVisible();

  // The heatmap and its ellipses, enlarged: the posterior (red heatmap, purple contours), q (blue), the full-covariance fit (orange).
  const inset = page.getByRole('img', { name: 'True posterior p(z|x), enlarged (VAE)' });
  await expect(inset).toBeVisible({ timeout: 60_000 });
  await expect.poll(() => pixelsNear(inset, [0xc9, 0x2a, 0x2a], 120)).toBeGreaterThan(50);
  expect(await pixelsNear(inset, [0x18, 0x64, 0xab])).toBeGreaterThan(30); // q(z|x), blue
  expect(await pixelsNear(inset, [0xe8, 0x59, 0x0c])).toBeGreaterThan(10); // the full-covariance fit, orange
  expect(await pixelsNear(inset, [0x86, 0x2e, 0x9c])).toBeGreaterThan(30); // the HDR contours, purple
  await expect(page.getByText(/correlation ρ = -?0\.\d\d/)).toBeVisible();

  // The same posterior on the VAE's own map.
  const map = page.getByRole('application', { name: 'Latent map (VAE)' });
  expect(await pixelsNear(map, [0x86, 0x2e, 0x9c])).toBeGreaterThan(5);

  const fourWays = page.getByRole('table', { name: 'log p(x) four ways' });
  const [quadrature] = await rowNumbers(fourWays, /^Quadrature on the grid/);
  await expect(page.getByText(/the last two resolutions differ by/)).toBeVisible();
  const identity = page.getByLabel('The ELBO identity');
  await expect(identity).toContainText('residual');

  const estimators = page.getByRole('table', { name: 'Estimators of log p(x)' });
  await expect(estimators).toBeVisible({ timeout: 180_000 });
  const is = await rowNumbers(estimators, /^Importance sampling, q\(z\|x\)/);
  // Five K values, "mean ± sd" each: the last pair is K = 10,000.
  expect(is).toHaveLength(10);
  const is10k = is[8];
  const [elbo] = await rowNumbers(fourWays, /^ELBO/);
  expect(elbo).toBeLessThan(is10k);
  expect(is10k).toBeLessThanOrEqual(quadrature + 0.05);
  const prior = await rowNumbers(estimators, /^Prior Monte Carlo/);
  expect(prior[2]).toBeLessThan(is[2]); // at K = 10 the prior's draws explain the digit far worse
  await expect(page.getByRole('img', { name: 'Estimates of log p(x) against K' })).toBeVisible();

  // Where the gap comes from.
  await page.getByRole('button', { name: 'Best q for this digit' }).click();
  const gap = page.getByRole('table', { name: 'Where the gap comes from' });
  await expect(gap).toBeVisible({ timeout: 60_000 });
  const [encoderElbo] = await rowNumbers(gap, /^ELBO of the encoder/);
  const [amortisation] = await rowNumbers(gap, /^Amortisation gap/);
  const [approximation] = await rowNumbers(gap, /^Approximation gap/);
  // The two parts add up to the whole gap log p(x) - ELBO(encoder's q).
  expect(Math.abs(amortisation + approximation - (quadrature - encoderElbo))).toBeLessThan(0.02);
  expect(amortisation).toBeGreaterThanOrEqual(-0.01);
  expect(approximation).toBeGreaterThanOrEqual(-0.01);
  expect(consoleErrors).toEqual([]);
});

test('the lab over a few test digits: averages with their N, and the digits ranked by the gap', async ({ page }) => {
  test.setTimeout(240_000);
  await mapsReady(page);
  await page.getByLabel('Test digits for the summary').fill('6');
  await page.getByRole('button', { name: 'Run over the test set' }).click();
  await expect(page.getByRole('progressbar', { name: 'Test-set summary progress' })).toHaveAttribute('value', '6', {
    timeout: 200_000,
  });
  const averages = page.getByRole('table', { name: 'Test-set averages' });
  await expect(averages).toContainText('Averages over N = 6 test digits');
  const [elbo] = await rowNumbers(averages, /^ELBO/);
  const [quadrature] = await rowNumbers(averages, /^log p\(x\), quadrature/);
  expect(elbo).toBeLessThan(quadrature);
  const ranked = page.getByRole('list', { name: 'Digits ranked by the gap' });
  await expect(ranked.getByRole('listitem')).toHaveCount(6);
  const first = ranked.getByRole('button').first();
  const opened = (await first.innerText()).replace(/\D/g, '');
  await first.click();
  await expect(page.getByRole('heading', { name: `Test digit number ${opened} under the VAE` })).toBeVisible();
  // The lab's digit box says which digit it shows.
  await expect(page.getByLabel('Lab test digit')).toHaveValue(opened);
});
