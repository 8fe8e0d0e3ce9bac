import { test, expect } from './fixtures';

test('the built app opens and loads all of MNIST', async ({ page, consoleErrors }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Latent Explorer' })).toBeVisible();
  const dataset = page.getByRole('status', { name: 'Dataset' });
  await expect(dataset).toContainText('60,000 training / 10,000 test digits');
  await expect(page.getByRole('status', { name: 'Active backend' })).toContainText('Backend: ');
  expect(consoleErrors).toEqual([]);
});
