import { expect, openApp, test } from './fixtures';
import type { Locator, Page } from '@playwright/test';

/** The 28x28 grey levels of a decoded-image canvas (its backing store is 28x28). */
async function digitPixels(canvas: Locator): Promise<number[]> {
  return canvas.evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    return Array.from({ length: c.width * c.height }, (_, i) => data[4 * i]);
  });
}

/** One 28x28 cell of an image strip drawn at `cell` px per image: sampled back to 28x28. */
async function stripCell(canvas: Locator, index: number, cell: number): Promise<number[]> {
  return canvas.evaluate(
    (el, { index, cell }) => {
      const c = el as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(index * cell, 0, cell, cell).data;
      const k = cell / 28;
      return Array.from({ length: 784 }, (_, p) => {
        const x = Math.floor((p % 28) * k + k / 2);
        const y = Math.floor(Math.floor(p / 28) * k + k / 2);
        return data[4 * (y * cell + x)];
      });
    },
    { index, cell },
  );
}

/** A radio of the "Model shown" toggle. */
const shown = (page: Page, name: string) =>
  page.getByRole('radiogroup', { name: 'Model shown' }).getByRole('radio', { name, exact: true });

const ink = (pixels: number[]) => pixels.reduce((s, v) => s + v, 0) / 255;
const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

async function mapsReady(page: Page): Promise<void> {
  await openApp(page);
  for (const name of ['VAE', 'AE']) {
    await expect(page.getByRole('heading', { name: new RegExp(`^${name}: .*2-D`) })).toBeVisible();
  }
  // The posteriors are in once the fit view exists: a click decodes.
  await expect(page.getByText(/^Reconstruction [\d.]+.*nats per test image/).first()).toBeVisible();
}

async function clickMap(page: Page, slot: 'VAE' | 'AE', fx: number, fy: number): Promise<void> {
  const map = page.getByRole('application', { name: `Latent map (${slot})` });
  const box = (await map.boundingBox())!;
  await map.click({ position: { x: box.width * fx, y: box.height * fy } });
}

/** The decoded image of the point clicked: not the one shown before the click, still on screen until the new one comes. */
async function decodedAfterClick(page: Page, slot: 'VAE' | 'AE', fx: number, fy: number): Promise<number[]> {
  const coords = page.locator('.coords').first();
  const before = await coords.innerText();
  await clickMap(page, slot, fx, fy);
  await expect(coords).not.toHaveText(before);
  const image = page.getByRole('img', { name: `Decoded image (${slot})`, exact: true });
  await expect(image).toHaveAttribute('data-shows', await coords.innerText());
  expect(ink(await digitPixels(image))).toBeGreaterThan(5);
  return digitPixels(image);
}

test.describe('the explorer', () => {
  test('clicking two places decodes two different digits', async ({ page, consoleErrors }) => {
    await mapsReady(page);
    const a = await decodedAfterClick(page, 'VAE', 0.3, 0.3);
    const b = await decodedAfterClick(page, 'VAE', 0.7, 0.75);
    expect(ink(a)).toBeGreaterThan(5);
    expect(ink(b)).toBeGreaterThan(5);
    expect(maxDiff(a, b)).toBeGreaterThan(60);
    await expect(page.locator('.coords').first()).toContainText('z = (');
    expect(consoleErrors).toEqual([]);
  });

  test('hovering shows the nearest test digit; the digit chips hide classes', async ({ page }) => {
    await mapsReady(page);
    const map = page.getByRole('application', { name: 'Latent map (VAE)' });
    const box = (await map.boundingBox())!;
    // Sweep until the pointer lands on a digit.
    for (let k = 0; k < 40; k++) {
      await map.hover({ position: { x: box.width * (0.35 + 0.008 * k), y: box.height * 0.5 } });
      if (await page.getByRole('tooltip').isVisible()) break;
    }
    await expect(page.getByRole('tooltip')).toContainText(/#\d+: a \d/);
    const chip = page.getByRole('button', { name: 'Digit 3' });
    await chip.click();
    await expect(chip).toHaveAttribute('aria-pressed', 'false');
  });

  test('the sliders move the decoded image', async ({ page, consoleErrors }) => {
    await mapsReady(page);
    await shown(page, 'VAE').check();
    const slider = page.getByRole('slider', { name: 'Latent dimension 1' });
    const image = page.getByRole('img', { name: 'Decoded image from the sliders (VAE)' });
    await slider.fill('-2');
    await expect.poll(async () => ink(await digitPixels(image))).toBeGreaterThan(5);
    const left = await digitPixels(image);
    await slider.fill('2');
    await expect.poll(async () => maxDiff(await digitPixels(image), left)).toBeGreaterThan(60);
    await page.getByRole('slider', { name: 'Latent dimension 2' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('slider', { name: 'Latent dimension 2' })).not.toHaveValue('0');
    expect(consoleErrors).toEqual([]);
  });

  test('the toggle switches between the VAE, the AE and both', async ({ page }) => {
    await mapsReady(page);
    const vaeMap = page.getByRole('application', { name: 'Latent map (VAE)' });
    const aeMap = page.getByRole('application', { name: 'Latent map (AE)' });
    await expect(vaeMap).toBeVisible();
    await expect(aeMap).toBeVisible();
    await shown(page, 'AE').check();
    await expect(aeMap).toBeVisible();
    await expect(vaeMap).toHaveCount(0);
    await shown(page, 'VAE').check();
    await expect(vaeMap).toBeVisible();
    await expect(aeMap).toHaveCount(0);
    await shown(page, 'VAE and AE side by side').check();
    await expect(aeMap).toBeVisible();
  });

  test('interpolation gives K images whose ends are the two decoded endpoints', async ({ page, consoleErrors }) => {
    await mapsReady(page);
    await shown(page, 'VAE').check();
    const a = await decodedAfterClick(page, 'VAE', 0.25, 0.3);
    await page.getByRole('button', { name: 'Set A to the selected point' }).click();
    const b = await decodedAfterClick(page, 'VAE', 0.75, 0.7);
    await page.getByRole('button', { name: 'Set B to the selected point' }).click();
    await page.getByLabel('Number of interpolation images').fill('7');
    await page.getByRole('button', { name: 'Interpolate' }).click();
    const strip = page.getByRole('img', { name: 'Interpolation strip (VAE)' });
    await expect(strip).toHaveAttribute('data-count', '7');
    const first = await stripCell(strip, 0, 56);
    const last = await stripCell(strip, 6, 56);
    expect(maxDiff(first, a)).toBeLessThanOrEqual(3);
    expect(maxDiff(last, b)).toBeLessThanOrEqual(3);
    const middle = await stripCell(strip, 3, 56);
    expect(maxDiff(middle, a)).toBeGreaterThan(20);
    await page.getByRole('combobox', { name: 'Path' }).selectOption('spherical');
    await page.getByRole('button', { name: 'Interpolate' }).click();
    await expect(strip).toHaveAttribute('data-count', '7');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect(page.getByRole('img', { name: 'Interpolation frame' })).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });

  test('a drawn digit lands on both maps, with both reconstructions', async ({ page, consoleErrors }) => {
    await mapsReady(page);
    const pad = page.getByRole('img', { name: 'Drawing pad' });
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    // A "1": one vertical stroke.
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2);
    await page.mouse.down();
    for (let k = 1; k <= 12; k++) await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * (0.2 + 0.05 * k));
    await page.mouse.up();
    for (const slot of ['VAE', 'AE']) {
      const recon = page.getByRole('img', { name: `Reconstruction (${slot})` });
      await expect.poll(async () => ink(await digitPixels(recon))).toBeGreaterThan(5);
    }
    await expect(page.getByText(/^VAE: μ = \(.*σ = \(/)).toBeVisible();
    await expect(page.getByText(/^AE: μ = \(.*\(a point: no σ\)/)).toBeVisible();
    for (const slot of ['VAE', 'AE']) {
      const pink = await page.getByRole('application', { name: `Latent map (${slot})` }).evaluate((el) => {
        const c = el as HTMLCanvasElement;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] > 200 && d[i + 1] < 80 && d[i + 2] > 80 && d[i + 2] < 140) n++;
        return n;
      });
      expect(pink).toBeGreaterThan(10);
    }
    // The keyboard-free alternative: a test digit by number.
    await page.getByLabel('Test digit number').fill('3');
    await page.getByRole('button', { name: 'Use test digit' }).click();
    await expect(page.getByText(/^VAE: μ = /)).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });

  test('prior samples decode the same draws with both models; the manifold decodes a grid', async ({ page }) => {
    await mapsReady(page);
    await page.getByRole('button', { name: 'Sample from the prior' }).click();
    await expect(page.getByRole('img', { name: 'Prior samples (VAE)' })).toHaveAttribute('data-count', '10');
    await expect(page.getByRole('img', { name: 'Prior samples (AE)' })).toHaveAttribute('data-count', '10');
    await page.getByLabel('Decoded manifold').check();
    await expect(page.getByRole('img', { name: 'Decoded manifold (VAE)' })).toHaveAttribute('data-count', '225');
  });

  test('the maps and decoded images export as PNG', async ({ page }) => {
    await mapsReady(page);
    await decodedAfterClick(page, 'VAE', 0.5, 0.5);
    const [map] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Save map as PNG' }).first().click(),
    ]);
    expect(map.suggestedFilename()).toBe('latent-map-left.png');
    const [image] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Save image as PNG' }).first().click(),
    ]);
    expect(image.suggestedFilename()).toBe('decoded-left.png');
  });

  test('the URL reproduces the view after a reload', async ({ page, consoleErrors }) => {
    await mapsReady(page);
    await shown(page, 'VAE').check();
    await page.getByLabel('Radius').selectOption('2');
    const image = await decodedAfterClick(page, 'VAE', 0.4, 0.6);
    const coords = await page.locator('.coords').first().innerText();
    // The hash holds the clicked point (it is written at most every 200 ms; the start-up point was there before).
    const clicked = coords.match(/-?\d+\.\d+/g)!.map(Number);
    await expect
      .poll(async () => {
        const z = new URLSearchParams((await page.evaluate(() => window.location.hash)).slice(1)).get('zleft');
        return z ? z.split(',').map((v) => Number(Number(v).toFixed(2))) : null;
      })
      .toEqual(clicked);
    const url = page.url();
    await page.goto('about:blank');
    await page.goto(url);
    await expect(shown(page, 'VAE')).toBeChecked();
    await expect(page.getByRole('application', { name: 'Latent map (AE)' })).toHaveCount(0);
    await expect(page.getByLabel('Radius')).toHaveValue('2');
    await expect(page.locator('.coords').first()).toHaveText(coords);
    const decoded = page.getByRole('img', { name: 'Decoded image (VAE)', exact: true });
    await expect.poll(async () => maxDiff(await digitPixels(decoded), image)).toBeLessThanOrEqual(1);
    expect(consoleErrors).toEqual([]);
  });
});

test('a 20-D model: two chosen dimensions or PCA, one slider per dimension', async ({ page, consoleErrors }) => {
  await page.goto('/#view=vae&vae=shipped/vae-20d');
  await expect(page.getByRole('heading', { name: 'VAE: VAE, 20-D latent' })).toBeVisible();
  await expect(page.getByRole('slider', { name: /^Latent dimension \d+$/ })).toHaveCount(20);
  const dims = page.getByRole('group', { name: 'Plotted dimensions (VAE)' });
  await dims.getByRole('combobox', { name: 'y axis' }).selectOption('z5');
  await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('projleft=0,4');
  const image = page.getByRole('img', { name: 'Decoded image (VAE)', exact: true });
  const map = page.getByRole('application', { name: 'Latent map (VAE)' });
  await map.click({ position: { x: 100, y: 100 } });
  await expect(page.locator('.coords').first()).toContainText(/z = \(.*, …\)/);
  const first = await digitPixels(image);
  await dims.getByLabel('PCA of the means').check();
  await map.click({ position: { x: 300, y: 260 } });
  await expect.poll(async () => maxDiff(await digitPixels(image), first)).toBeGreaterThan(40);
  // The slider of a dimension the map does not plot moves the image too.
  const before = await digitPixels(image);
  await page.getByRole('slider', { name: 'Latent dimension 12' }).fill('3');
  await expect.poll(async () => maxDiff(await digitPixels(image), before)).toBeGreaterThan(20);
  expect(consoleErrors).toEqual([]);
});

test('a projection belongs to its model: PCA on a 20-D model gives way to a 2-D one, and a link cannot force it', async ({
  page,
}) => {
  await page.goto('/#view=left&left=shipped/vae-20d');
  await expect(page.getByRole('heading', { name: 'VAE: VAE, 20-D latent' })).toBeVisible();
  const dims = page.getByRole('group', { name: 'Plotted dimensions (VAE)' });
  await dims.getByLabel('PCA of the means').check();
  await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('projleft=pca');
  await page.getByRole('button', { name: 'Models: load, save, download, import' }).click();
  const library = page.getByRole('region', { name: 'Model library' });
  await library.getByRole('button', { name: 'Load VAE, 2-D latent on the left', exact: true }).click();
  await expect(page.getByRole('heading', { name: /^VAE: VAE, 2-D latent/ })).toBeVisible();
  // The 2-D model plots its own two dimensions: no PCA left in the view or the link.
  await expect.poll(() => page.evaluate(() => window.location.hash)).not.toContain('projleft');
  await expect(page.getByRole('group', { name: 'Plotted dimensions (VAE)' })).toHaveCount(0);
  // A click decodes the point under the cursor: the coordinates match the map's axes (the centre of a fitted view is near 0).
  const map = page.getByRole('application', { name: 'Latent map (VAE)' });
  const box = (await map.boundingBox())!;
  await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
  const coords = await page.locator('.coords').first().innerText();
  const [zx, zy] = coords.match(/-?\d+\.\d+/g)!.map(Number);
  expect(Math.hypot(zx, zy)).toBeLessThan(1.5);
  // Back to the 20-D model: it loads with plotted dimensions (no crash, the page stays).
  await library.getByRole('button', { name: 'Load VAE, 20-D latent on the left', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'VAE: VAE, 20-D latent' })).toBeVisible();
  await expect(
    page.getByRole('group', { name: 'Plotted dimensions (VAE)' }).getByLabel('PCA of the means'),
  ).not.toBeChecked();
  // A link that names PCA for a 2-D model is corrected, not obeyed.
  await page.goto('/#view=left&left=shipped/vae-2d&projleft=pca');
  await page.reload();
  await expect(page.getByRole('heading', { name: /^VAE: VAE, 2-D latent/ })).toBeVisible();
  await expect(page.getByText(/^Reconstruction [\d.]+.*nats per test image/).first()).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.location.hash)).not.toContain('projleft');
});

test('a link put in the address bar of the open page is followed in place, and the page never writes over it', async ({
  page,
}) => {
  await page.goto('/#view=left&left=shipped/vae-2d');
  await expect(page.getByRole('heading', { name: /^VAE: VAE, 2-D latent/ })).toBeVisible();
  // The same document all along: a reload would lose this mark.
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  await page.goto('/#view=left&left=shipped/vae-20d&projleft=pca');
  await expect(page.getByRole('heading', { name: 'VAE: VAE, 20-D latent' })).toBeVisible();
  await expect(
    page.getByRole('group', { name: 'Plotted dimensions (VAE)' }).getByLabel('PCA of the means'),
  ).toBeChecked();
  // The page mirrors what it shows: the link's model and view stay in the URL once the model is in.
  await expect
    .poll(() => page.evaluate(() => window.location.hash))
    .toMatch(/^(?=.*left=shipped\/vae-20d)(?=.*projleft=pca)/);
  // A link naming PCA for a 2-D model already shown is corrected in place, not obeyed (and nothing crashes).
  await page.goto('/#view=left&left=shipped/vae-2d');
  await expect(page.getByRole('heading', { name: /^VAE: VAE, 2-D latent/ })).toBeVisible();
  await page.goto('/#view=left&left=shipped/vae-2d&projleft=pca');
  await expect.poll(() => page.evaluate(() => window.location.hash)).not.toContain('projleft');
  await expect(page.getByRole('group', { name: 'Plotted dimensions (VAE)' })).toHaveCount(0);
  await expect(page.getByRole('application', { name: 'Latent map (VAE)' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
});
