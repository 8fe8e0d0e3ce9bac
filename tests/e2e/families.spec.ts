import { canvasInk, chooseBackend, expect, openApp, rowNumbers, test, trainedSteps } from './fixtures';
import type { Page } from '@playwright/test';
import fs from 'node:fs';
import { unzipSync } from 'fflate';

/**
 * The VQ-VAE (discrete codes) and the flow VAE (a posterior that is no
 * ellipse): chosen from the library into the two slots, drawn, decoded on a
 * click, and trained live.
 */

async function loadShipped(page: Page, name: string, slot: 'left' | 'right'): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Models: load, save, download, import' });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page
    .getByRole('region', { name: 'Model library' })
    .getByRole('button', { name: `Load ${name} on the ${slot}`, exact: true })
    .click();
}

/** Picks a test digit on a map as a person does: moves over it until a digit's tooltip shows, then clicks. */
async function pickDigitOn(page: Page, label: string): Promise<void> {
  const map = page.getByRole('application', { name: `Latent map (${label})` });
  await map.scrollIntoViewIfNeeded();
  const box = (await map.boundingBox())!;
  for (let k = 0; k < 60; k++) {
    const angle = k * 2.4;
    const r = 0.02 * k;
    const x = box.x + box.width * (0.5 + r * Math.cos(angle));
    const y = box.y + box.height * (0.5 + r * Math.sin(angle));
    await page.mouse.move(x, y);
    if (await page.getByRole('tooltip').isVisible()) {
      await page.mouse.click(x, y);
      return;
    }
  }
  throw new Error(`no test digit under the pointer on the ${label} map`);
}

/**
 * Clicks a map at a fraction of its size: the slot's selected point moves there and its decoded image has
 * ink (a VQ-VAE decodes the code of the cell clicked, so two clicks in one cell give the same image).
 */
async function decodesOnClick(page: Page, label: string, fx: number, fy: number): Promise<void> {
  const map = page.getByRole('application', { name: `Latent map (${label})` });
  await map.scrollIntoViewIfNeeded();
  const box = (await map.boundingBox())!;
  const slot = page.getByRole('region', { name: new RegExp(`^${label}: `) });
  const coords = slot.getByText(/^z = \(/);
  const before = (await coords.count()) ? await coords.innerText() : '';
  await map.click({ position: { x: box.width * fx, y: box.height * fy } });
  await expect(coords).not.toHaveText(before);
  const image = page.getByRole('img', { name: `Decoded image (${label})`, exact: true });
  await expect.poll(() => canvasInk(image)).toBeGreaterThan(5);
}

/** Opens the page, then loads a shipped model on the right from the library; its slot's heading shows it. */
async function openShipped(page: Page, name: string, label: string): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: /^VAE: VAE, 2-D latent/ })).toBeVisible();
  await loadShipped(page, name, 'right');
  await expect(page.getByRole('heading', { name: new RegExp(`^${label}: ${name}`) })).toBeVisible();
}

/** After a run: the training figures' reconstruction, KL and -ELBO rows hold finite numbers, for both models. */
async function expectFiniteFigures(page: Page): Promise<void> {
  const figures = page.getByRole('table', { name: 'Training figures' });
  for (const row of [/^Reconstruction/, /^KL/, /^−ELBO(?! \()/]) {
    const cells = (await figures.getByRole('row', { name: row }).first().getByRole('cell').allInnerTexts()).filter(
      (c) => c !== '–' && c !== '',
    );
    expect(cells.length).toBeGreaterThanOrEqual(2);
    for (const c of cells) expect(Number.isFinite(Number(c.replace(/,/g, '')))).toBe(true);
  }
}

/**
 * Runs the posterior lab on test digit 7 under the slot's model: the quadrature is finite, the ELBO is
 * below it, and the identity log p(x) = ELBO + KL(q || p(z|x)) is stated with its residual.
 */
async function labClosesOn(page: Page, label: string, timeout: number): Promise<void> {
  await page.getByRole('radiogroup', { name: 'Lab model' }).getByRole('radio', { name: label }).check();
  await page.getByLabel('Lab test digit').fill('7');
  await page.getByRole('button', { name: 'Run the lab' }).click();
  await expect(page.getByRole('heading', { name: `Test digit number 7 under the ${label}` })).toBeVisible();
  const fourWays = page.getByRole('table', { name: 'log p(x) four ways' });
  await expect(fourWays).toBeVisible({ timeout });
  const [quadrature] = await rowNumbers(fourWays, /^Quadrature on the grid/);
  const [elbo] = await rowNumbers(fourWays, /^ELBO/);
  expect(Number.isFinite(quadrature)).toBe(true);
  expect(elbo).toBeLessThanOrEqual(quadrature + 0.05);
  await expect(page.getByLabel('The ELBO identity')).toContainText('residual');
}

/** Trains one epoch of the two families side by side on wasm, from the training form, until Done. */
async function trainOneEpoch(page: Page, left: string, right: string): Promise<void> {
  await openApp(page);
  await chooseBackend(page, 'wasm');
  await page.getByLabel('Model on the left', { exact: true }).selectOption(left);
  await page.getByLabel('Model on the right', { exact: true }).selectOption(right);
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Done', { exact: true })).toBeVisible({ timeout: 330_000 });
}

test('VQ-VAE and flow VAE from the library: Voronoi cells, code usage, the flow posterior contours, decoding', async ({
  page,
  consoleErrors,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: /^VAE: VAE, 2-D latent/ })).toBeVisible();
  await loadShipped(page, 'VQ-VAE, 2-D codes, K = 64', 'left');
  await loadShipped(page, 'Flow VAE (4 affine couplings), 2-D latent', 'right');
  await expect(page.getByRole('heading', { name: /^VQ-VAE: VQ-VAE, 2-D codes/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Flow VAE: Flow VAE/ })).toBeVisible();

  // The codebook and its cells on the VQ-VAE's map, and how the test digits use the codes.
  await expect(page.getByRole('list', { name: 'Also drawn on the map (VQ-VAE)' })).toContainText(
    /Codebook: 64 codes .* Voronoi cells/,
  );
  await expect(page.getByRole('img', { name: 'Test digits per code (VQ-VAE)' })).toBeVisible();
  await expect(page.getByText(/perplexity/i).first()).toBeVisible();
  await decodesOnClick(page, 'VQ-VAE', 0.45, 0.5);

  // The flow's q(z|x) of a test digit picked on its map is drawn as density contours, not an ellipse.
  await pickDigitOn(page, 'Flow VAE');
  await expect(page.getByRole('list', { name: 'Also drawn on the map (Flow VAE)' })).toContainText(
    /Flow posterior q\(z\|x\) of test digit #\d+/,
  );
  await decodesOnClick(page, 'Flow VAE', 0.55, 0.45);
  expect(consoleErrors).toEqual([]);
});

test('a flow VAE and a VQ-VAE train one epoch live, side by side, with finite figures', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(360_000);
  await trainOneEpoch(page, 'flow-vae', 'vq-vae');
  const figures = page.getByRole('table', { name: 'Training figures' });
  const recon = (
    await figures
      .getByRole('row', { name: /^Reconstruction/ })
      .getByRole('cell')
      .allInnerTexts()
  ).filter((c) => c !== '–');
  expect(recon).toHaveLength(4); // batch and test, each model
  for (const c of recon) expect(Number.isFinite(Number(c))).toBe(true);
  const elbo = (
    await figures
      .getByRole('row', { name: /^−ELBO(?! \()/ })
      .getByRole('cell')
      .allInnerTexts()
  ).filter((c) => c !== '–');
  for (const c of elbo) expect(Number.isFinite(Number(c))).toBe(true);
  // The importance-sampled rows come from one evaluation: -log p(x) <= -ELBO of the same draws, the gap their difference.
  const rowValue = async (name: RegExp) =>
    Number(
      (await figures.getByRole('row', { name }).getByRole('cell').allInnerTexts()).find((c) => c !== '' && c !== '–'),
    );
  const sameDrawsElbo = await rowValue(/^−ELBO \(the same draws\)/);
  const importanceSampled = await rowValue(/^−log p\(x\), importance-sampled/);
  const gap = await rowValue(/^Gap: KL/);
  expect(importanceSampled).toBeLessThanOrEqual(sameDrawsElbo);
  expect(Math.abs(sameDrawsElbo - importanceSampled - gap)).toBeLessThanOrEqual(0.11);
  await expect(figures.getByRole('rowgroup', { name: 'Importance-sampled figures' })).toContainText(
    /Flow VAE at step [\d,]+ \(epoch 1\), K = 100 on 500 test digits/,
  );
  // The trained VQ-VAE's cells are on its map; the flow's contours follow a digit picked on its map.
  await expect(page.getByRole('list', { name: 'Also drawn on the map (VQ-VAE)' })).toContainText('Codebook: 64 codes');
  await pickDigitOn(page, 'Flow VAE');
  await expect(page.getByRole('list', { name: 'Also drawn on the map (Flow VAE)' })).toContainText('Flow posterior');
  await decodesOnClick(page, 'VQ-VAE', 0.5, 0.5);
  await decodesOnClick(page, 'Flow VAE', 0.35, 0.6);
  expect(consoleErrors).toEqual([]);
});

test('a full-covariance VAE trains one epoch live beside the VAE: finite figures, tilted ellipses on its map', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(360_000);
  await trainOneEpoch(page, 'fullcov-vae', 'vae');
  await expectFiniteFigures(page);
  // Its map says how tilted its posteriors are; the diagonal VAE's says nothing of the kind.
  await expect(page.getByRole('list', { name: 'Also drawn on the map (Full-cov VAE)' })).toContainText(
    /Full covariance: .* mean \|ρ\| = \d\.\d\d over 10,000 test digits/,
  );
  await expect(page.getByText(/^Full covariance:/)).toHaveCount(1);
  await pickDigitOn(page, 'Full-cov VAE');
  await decodesOnClick(page, 'Full-cov VAE', 0.4, 0.55);
  expect(consoleErrors).toEqual([]);
});

test('the shipped full-covariance VAE: loads from the library, its tilted posteriors, the lab on it', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(240_000);
  await openShipped(page, 'Full-covariance VAE, 2-D latent', 'Full-cov VAE');
  const legend = page.getByRole('list', { name: 'Also drawn on the map (Full-cov VAE)' });
  await expect(legend).toContainText(/mean \|ρ\| = \d\.\d\d over 10,000 test digits/);
  await decodesOnClick(page, 'Full-cov VAE', 0.5, 0.5);

  // The lab takes q(z|x) exactly (its tilted covariance), so the identity log p(x) = ELBO + KL(q || p(z|x)) closes.
  await labClosesOn(page, 'Full-cov VAE', 120_000);
  await expect(page.getByText(/at 1, 2 and 3 σ \(tilted: a full covariance\)/)).toBeVisible();

  // The gaps are measured inside the encoder's own family, the full-covariance Gaussians.
  await page.getByRole('button', { name: 'Best q for this digit' }).click();
  const gap = page.getByRole('table', { name: 'Where the gap comes from' });
  await expect(gap).toBeVisible({ timeout: 90_000 });
  const [encoderElbo] = await rowNumbers(gap, /^ELBO of the encoder/);
  const [amortisation] = await rowNumbers(gap, /^Amortisation gap \(best full-covariance q/);
  const [approximation] = await rowNumbers(gap, /^Approximation gap \(log p\(x\) − best full-covariance q/);
  const [logPx] = await rowNumbers(gap, /^log p\(x\)/);
  expect(Math.abs(amortisation + approximation - (logPx - encoderElbo))).toBeLessThan(0.02);
  expect(amortisation).toBeGreaterThanOrEqual(-0.01);
  expect(approximation).toBeGreaterThanOrEqual(-0.01);
  expect(consoleErrors).toEqual([]);
});

test('a convolutional VAE trains one epoch live beside the AE, its filters from the form: finite figures, its map decodes', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(360_000);
  await openApp(page);
  await chooseBackend(page, 'wasm');
  await page.getByLabel('Model on the left', { exact: true }).selectOption('conv-vae');
  // Its own field: the filters of its two convolutions (narrow here, so the epoch is short).
  const filters = page.getByLabel('Conv VAE convolution filters', { exact: true });
  await filters.fill('8, 16, 32, 64');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(filters).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/Convolution filters must be 1-2 whole numbers/)).toBeVisible();
  expect(await trainedSteps(page)).toEqual({ left: 0, right: 0 });
  await filters.fill('8, 16');
  await page.getByLabel('Conv VAE hidden sizes', { exact: true }).fill('32');
  await page.getByLabel('Model on the right', { exact: true }).selectOption('ae');
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Done', { exact: true })).toBeVisible({ timeout: 330_000 });
  await expectFiniteFigures(page);
  await pickDigitOn(page, 'Conv VAE');
  await decodesOnClick(page, 'Conv VAE', 0.4, 0.55);

  // Where a model goes: downloaded as a zip of LayersModels with its convolutions, saved in this browser,
  // and both load again after a reload.
  const toggle = page.getByRole('button', { name: 'Models: load, save, download, import' });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  const lib = page.getByRole('region', { name: 'Model library' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    lib.getByRole('button', { name: 'Download the Conv VAE (.zip)' }).click(),
  ]);
  const fileName = download.suggestedFilename();
  expect(fileName).toMatch(/^Conv-VAE-784-c8-c16-32-2-step-\d+\.zip$/);
  const zip = fs.readFileSync((await download.path())!);
  const inside = unzipSync(new Uint8Array(zip));
  const folder = fileName.replace(/\.zip$/, '');
  const encoderJson = new TextDecoder().decode(inside[`${folder}/encoder/model.json`]);
  expect(encoderJson).toContain('"class_name":"Conv2D"');
  expect(new TextDecoder().decode(inside[`${folder}/decoder/model.json`])).toContain('"class_name":"Conv2DTranspose"');
  await lib.getByLabel('Name to save under').fill('my conv vae');
  await lib.getByRole('button', { name: 'Save the Conv VAE' }).click();
  await expect(page.getByRole('status', { name: 'Model library status' })).toContainText(
    'Saved the Conv VAE as "my conv vae" in this browser.',
  );
  await expect(lib.getByRole('listitem', { name: 'my conv vae' })).toContainText('Conv VAE 784-c8-c16-32-2');

  await page.reload();
  await expect(page.getByRole('heading', { name: /^VAE: VAE, 2-D latent/ })).toBeVisible();
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await lib
    .getByLabel('Import a model (.zip)')
    .setInputFiles({ name: fileName, mimeType: 'application/zip', buffer: zip });
  await expect(page.getByRole('heading', { name: /^Conv VAE: Conv VAE 784-c8-c16-32-2, step \d+/ })).toBeVisible();
  await decodesOnClick(page, 'Conv VAE', 0.5, 0.5);
  await lib.getByRole('button', { name: 'Load my conv vae on the left', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Conv VAE: my conv vae' })).toBeVisible();
  await decodesOnClick(page, 'Conv VAE', 0.6, 0.4);
  expect(consoleErrors).toEqual([]);
});

test('the shipped convolutional VAE: loads from the library, decodes, and the lab integrates its posterior', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(300_000);
  await openShipped(page, 'Convolutional VAE, 2-D latent', 'Conv VAE');
  await pickDigitOn(page, 'Conv VAE');
  await decodesOnClick(page, 'Conv VAE', 0.45, 0.5);

  // The lab's exact figures hold for it as for any Gaussian q: the ELBO is below log p(x) by quadrature.
  await labClosesOn(page, 'Conv VAE', 180_000);
  expect(consoleErrors).toEqual([]);
});
