import { test, expect, openApp } from './fixtures';

test('Fashion-MNIST: the picker checks its files, reloads on it, and shows its models, map and class legend', async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption('fashion-mnist');
  await expect(page).toHaveURL(/data=fashion-mnist/);
  await expect(page.getByRole('status', { name: 'Dataset' })).toContainText(
    'Fashion-MNIST loaded: 60,000 training / 10,000 test images',
  );
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveValue('fashion-mnist');
  // Its own shipped models, both maps, and the classes by name.
  await expect(page.getByRole('heading', { name: /^VAE: VAE, 2-D latent \(Fashion-MNIST\)/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: /^AE: AE, 2-D code \(Fashion-MNIST\)/ })).toBeVisible();
  await expect(page.getByRole('application', { name: 'Latent map (VAE)' })).toBeVisible();
  const legend = page.getByRole('group', { name: 'Classes shown' });
  for (const name of ['T-shirt/top', 'Trouser', 'Sneaker', 'Ankle boot']) {
    await expect(legend.getByRole('button', { name: new RegExp(`: ${name.replace('/', '\\/')}$`) })).toBeVisible();
  }
  await legend.getByRole('button', { name: 'Class 1: Trouser' }).click();
  await expect(legend.getByRole('button', { name: 'Class 1: Trouser' })).toHaveAttribute('aria-pressed', 'false');
  // The library shows this dataset's models and names the others.
  await page.getByRole('button', { name: /^Models: load, save/ }).click();
  await expect(page.getByText(/Also shipped, for MNIST: VAE, 2-D latent/)).toBeVisible();
  // Back to MNIST with the picker.
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption('mnist');
  await expect(page).not.toHaveURL(/data=/);
  await expect(page.getByRole('status', { name: 'Dataset' })).toContainText('60,000 training / 10,000 test digits');
  await expect(page.getByRole('group', { name: 'Digits shown' })).toBeVisible();
});

test('a broken Fashion-MNIST file is refused with its name, and the page keeps MNIST', async ({ page }) => {
  await openApp(page);
  // A truncated test-image file: the gzip stream is cut short.
  await page.route('**/data/fashion-mnist/t10k-images-idx3-ubyte.gz', async (route) => {
    const response = await route.fetch();
    const body = await response.body();
    await route.fulfill({ response, body: body.subarray(0, 1000) });
  });
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption('fashion-mnist');
  await expect(page.getByRole('alert')).toContainText(/Fashion-MNIST was not opened.*t10k-images-idx3-ubyte/);
  await expect(page).not.toHaveURL(/data=/);
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveValue('mnist');
  await expect(page.getByRole('status', { name: 'Dataset' })).toContainText('60,000 training / 10,000 test digits');
});
