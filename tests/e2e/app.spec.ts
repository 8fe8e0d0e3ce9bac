import { test, expect } from './fixtures';

test('the built app opens and loads all of MNIST', async ({ page, consoleErrors }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Latent Explorer' })).toBeVisible();
  const dataset = page.getByRole('status', { name: 'Dataset' });
  await expect(dataset).toContainText('60,000 training / 10,000 test digits');
  await expect(page.getByRole('status', { name: 'Active backend' })).toContainText('Backend: ');
  expect(consoleErrors).toEqual([]);
});

test('the app ships its icon, web manifest and robots.txt', async ({ page, request }) => {
  await page.goto('/');
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = (await (await request.get(manifestHref!)).json()) as { name: string; icons: Array<{ src: string }> };
  expect(manifest.name).toBe('Latent Explorer');
  const icon = await request.get(new URL(manifest.icons[0].src, new URL(manifestHref!, page.url())).toString());
  expect(icon.ok()).toBe(true);
  expect(await icon.text()).toContain('<svg');
  expect((await request.get('/robots.txt')).ok()).toBe(true);
});
