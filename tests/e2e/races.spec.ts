import { expect, test } from './fixtures';

/**
 * Two races a new user met (issue 23): a model chosen while the start-up
 * models are still loading must win, and the test-set run started while the
 * posterior lab is still sampling must not fail.
 */

test('a model loaded while the start-up models are still coming in stays loaded', async ({ page, consoleErrors }) => {
  // A slow network for the start-up VAE's weights: the person's choice is made while they download.
  let delayed = 0;
  await page.context().route('**/models/vae-2d/*/**', async (route) => {
    delayed++;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await page.goto('/');
  // The start-up load is under way (its first file held back) when the person chooses.
  await expect.poll(() => delayed).toBeGreaterThanOrEqual(1);
  await page.getByRole('button', { name: 'Models: load, save, download, import' }).click();
  const library = page.getByRole('region', { name: 'Model library' });
  await library.getByRole('button', { name: 'Load VAE, 20-D latent on the left', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'VAE: VAE, 20-D latent' })).toBeVisible();
  // The start-up load of vae-2d comes in afterwards: it lands nowhere, or stops at its next file (a
  // claimed slot is skipped), so how many of its files are fetched depends on timing; that it is done does not.
  await expect.poll(() => page.evaluate(() => window.__latentExplorer!.modelLoadsInFlight())).toBe(0);
  // The slot keeps the person's choice: the heading, 20 sliders, and decodes by the 20-D model.
  await expect(page.getByRole('heading', { name: 'VAE: VAE, 20-D latent' })).toBeVisible();
  await expect(page.getByRole('slider', { name: /^Latent dimension \d+$/ })).toHaveCount(20);
  await expect(page.getByRole('status', { name: 'Model library status' })).toContainText(
    'Loaded "VAE, 20-D latent" into the left slot',
  );
  // The explorer worker holds the same model: a click decodes a 20-D point.
  const map = page.getByRole('application', { name: 'Latent map (VAE)' });
  await map.click({ position: { x: 120, y: 140 } });
  await expect(page.locator('.coords').first()).toContainText(/z = \(.*, …\)/);
  expect(consoleErrors).toEqual([]);
});

test('the test-set run started while the lab is sampling runs, and so does the lab', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: /^VAE: VAE, 2-D latent/ })).toBeVisible();
  await expect(page.getByText(/^Reconstruction [\d.]+.*nats per test image/).first()).toBeVisible();
  await page.getByLabel('Lab test digit').fill('7');
  await page.getByRole('button', { name: 'Run the lab' }).click();
  // The estimators are running (their progress bar is up) when the test-set run starts.
  await expect(page.getByRole('progressbar', { name: 'Estimator progress' })).toBeVisible({ timeout: 60_000 });
  await page.getByLabel('Test digits for the summary').fill('3');
  await page.getByRole('button', { name: 'Run over the test set' }).click();
  await expect(page.getByRole('progressbar', { name: 'Test-set summary progress' })).toHaveAttribute('value', '3', {
    timeout: 200_000,
  });
  await expect(page.getByRole('table', { name: 'Test-set averages' })).toContainText('N = 3');
  // The lab's own run finished too.
  await expect(page.getByRole('table', { name: 'Estimators of log p(x)' })).toBeVisible({ timeout: 200_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
