import { expect, openApp, test, trainedSteps } from './fixtures';
import type { Locator, Page } from '@playwright/test';

/**
 * Faults a person meets, each recovered or refused with a message: a crash
 * of the explorer worker, a click before the worker is ready, a GPU that
 * renders only half floats, and the empty (black) image boxes at start.
 */

/** Share of a canvas's pixels that are dark (a black square is ~1). */
function darkShare(canvas: Locator): Promise<number> {
  return canvas.evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 60) dark++;
    return dark / (d.length / 4);
  });
}

/** The pixels of a canvas, as a data URL: changes whenever what is drawn changes. */
function imageText(canvas: Locator): Promise<string> {
  return canvas.evaluate((el) => (el as HTMLCanvasElement).toDataURL());
}

async function mapsReady(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: /^VAE: VAE, 2-D latent/ })).toBeVisible();
  await expect(page.getByText(/^Reconstruction [\d.]+.*nats per test image/).first()).toBeVisible();
}

test('no image box starts as a black square: every one shows a decode from the start', async ({
  page,
  consoleErrors,
}) => {
  await mapsReady(page);
  const boxes = [
    page.getByRole('img', { name: 'Decoded image (VAE)', exact: true }),
    page.getByRole('img', { name: 'Decoded image (AE)', exact: true }),
    page.getByRole('img', { name: /^Decoded image from the sliders/ }),
    page.getByRole('img', { name: /^Interpolation strip/ }).first(),
    page.getByRole('img', { name: /^Reconstruction \(/ }).first(),
  ];
  for (const box of boxes) {
    await expect(box).toBeVisible();
    // A decoded digit is mostly background with some ink: never all dark.
    await expect.poll(() => darkShare(box)).toBeLessThan(0.97);
  }
  expect(consoleErrors).toEqual([]);
});

test('a model that loads late still gets its prior samples and drawn-digit reconstruction', async ({
  page,
  consoleErrors,
}) => {
  // The AE's files arrive late: the VAE's strip and reconstruction are there first, the AE's follow when it lands.
  await page.context().route('**/models/ae-2d/*/**', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await mapsReady(page);
  await expect(page.getByRole('heading', { name: /^AE: AE, 2-D code/ })).toBeVisible();
  for (const name of ['Prior samples (VAE)', 'Prior samples (AE)', 'Reconstruction (VAE)', 'Reconstruction (AE)']) {
    const box = page.getByRole('img', { name, exact: true });
    await expect(box).toBeVisible();
    await expect.poll(() => darkShare(box)).toBeLessThan(0.97);
  }
  expect(consoleErrors).toEqual([]);
});

test('a new model in a slot encodes the drawn digit again: its reconstruction is never left black', async ({
  page,
  consoleErrors,
}) => {
  await mapsReady(page);
  await page.getByRole('button', { name: 'Models: load, save, download, import' }).click();
  const library = page.getByRole('region', { name: 'Model library' });
  await library.getByRole('button', { name: 'Load VAE, 20-D latent on the left', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'VAE: VAE, 20-D latent' })).toBeVisible();
  const reconstruction = page.getByRole('img', { name: 'Reconstruction (VAE)', exact: true });
  await expect.poll(() => darkShare(reconstruction)).toBeLessThan(0.97);
  await expect(page.getByText('VAE: draw or pick a digit')).toHaveCount(0);
  const prior = page.getByRole('img', { name: 'Prior samples (VAE)', exact: true });
  await expect.poll(() => darkShare(prior)).toBeLessThan(0.97);
  expect(consoleErrors).toEqual([]);
});

test('a click the moment the map appears is decoded once the explorer worker is ready', async ({
  page,
  consoleErrors,
}) => {
  await page.goto('/');
  const map = page.getByRole('application', { name: 'Latent map (VAE)' });
  await expect(map).toBeVisible();
  const coords = page.locator('.coords').first();
  const image = page.getByRole('img', { name: 'Decoded image (VAE)', exact: true });
  const box = (await map.boundingBox())!;
  // As early as a person can: the map is on screen, the model may still be loading into the worker.
  await map.click({ position: { x: box.width * 0.2, y: box.height * 0.25 } });
  const clickedAt = await coords.innerText();
  // The decode of that point arrives (the image settles on it), and it differs from the decode at the centre.
  await expect(page.getByText(/^Reconstruction [\d.]+.*nats per test image/).first()).toBeVisible();
  const afterClick = await imageText(image);
  await map.click({ position: { x: box.width * 0.5, y: box.height * 0.5 } });
  await expect(coords).not.toHaveText(clickedAt);
  await expect.poll(() => imageText(image)).not.toBe(afterClick);
  expect(clickedAt).toMatch(/-?\d/);
  expect(consoleErrors).toEqual([]);
});

test('a crash of the explorer worker is recovered: the models come back, clicks decode, the library works', async ({
  page,
}) => {
  await mapsReady(page);
  await page.evaluate(() => window.__latentExplorer!.crashExplorerWorker());
  await expect(page.getByText(/The explorer worker stopped unexpectedly/)).toBeVisible();
  await expect(page.getByText(/It was restarted and the (model shown was|2 models shown were) reloaded/)).toBeVisible();
  // Both models are back (one may have been on its way in when the worker died: its load is run again).
  await expect(page.getByRole('heading', { name: /^VAE: VAE, 2-D latent/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: /^AE: AE, 2-D code/ })).toBeVisible();

  const map = page.getByRole('application', { name: 'Latent map (VAE)' });
  const image = page.getByRole('img', { name: 'Decoded image (VAE)', exact: true });
  const before = await imageText(image);
  const box = (await map.boundingBox())!;
  await map.click({ position: { x: box.width * 0.3, y: box.height * 0.6 } });
  await expect.poll(() => imageText(image)).not.toBe(before);

  // The library is not left "checking": a shipped model loads.
  await page.getByRole('button', { name: 'Models: load, save, download, import' }).click();
  const library = page.getByRole('region', { name: 'Model library' });
  await library.getByRole('button', { name: 'Load AE, 2-D code on the left', exact: true }).click();
  await expect(page.getByRole('heading', { name: /^AE \(left\): AE, 2-D code/ })).toBeVisible();
});

test('a GPU that renders only half floats is refused for training with a message; wasm trains instead', async ({
  page,
  consoleErrors,
}) => {
  await openApp(page);
  await page.getByLabel('Train AE', { exact: true }).uncheck();
  await page.evaluate(() => window.__latentExplorer!.forceHalfFloatWebGL('left'));
  await page.getByRole('combobox', { name: 'Backend' }).selectOption('webgl');
  await expect(page.getByText(/renders only half-precision \(float16\) textures/)).toBeVisible();
  await expect(page.getByRole('status', { name: 'Active backend' })).toContainText('Backend: wasm');
  await expect(page.getByRole('combobox', { name: 'Backend' })).toHaveValue('wasm');
  await page.getByRole('button', { name: 'Step one batch' }).click();
  await expect.poll(() => trainedSteps(page)).toEqual({ left: 1, right: 0 });
  expect(consoleErrors).toEqual([]);
});
