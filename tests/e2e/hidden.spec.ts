import { expect, mapsReady, pixelsNear, rowNumbers, test } from './fixtures';
import type { Page } from '@playwright/test';

/** Opens the page on the shipped models, chooses a mask and a test digit in the hidden half, runs it. */
async function hideAndFill(page: Page, mask: string, digit: string) {
  await mapsReady(page);
  const hidden = page.getByRole('region', { name: /^The hidden half/ });
  await hidden.getByRole('radio', { name: mask }).check();
  await hidden.getByLabel('Hidden-half test digit').fill(digit);
  await hidden.getByRole('button', { name: 'Hide and fill in' }).click();
  return hidden;
}

test('hide the bottom half of test digit 7 on vae-2d: the masked posterior, completions, log p(x_h | x_v) three ways', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(240_000);
  const hidden = await hideAndFill(page, 'Bottom half', '7');
  await expect(hidden.getByRole('heading', { name: /^Test digit #7, Bottom half hidden, under/ })).toBeVisible();

  const figures = hidden.getByRole('table', { name: /log p\(x_h \| x_v\) of the true 392 hidden pixels/ });
  await expect(figures).toBeVisible({ timeout: 120_000 });
  await expect(figures).toContainText('adaptive quadrature');
  const [exact] = await rowNumbers(figures, /^with the exact posterior/);
  const [encoder] = await rowNumbers(figures, /^with the encoder’s q/);
  const [prior] = await rowNumbers(figures, /^with the prior/);
  for (const v of [exact, encoder, prior]) {
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeLessThan(0);
  }
  // log p(x_h | x_v) = log p(x) - log p(x_v), as the table states them.
  const [logPxVisible] = await rowNumbers(figures, /^log p\(x_v\)/);
  const [logPx] = await rowNumbers(figures, /^log p\(x\)/);
  expect(Math.abs(logPx - logPxVisible - exact)).toBeLessThan(0.02);

  // The posterior given the visible pixels: shaded red, purple contours; the encoder's q of the masked image in blue.
  const inset = hidden.getByRole('img', { name: /^The posterior given the visible pixels/ });
  await expect(inset).toBeVisible({ timeout: 60_000 });
  await expect.poll(() => pixelsNear(inset, [0x86, 0x2e, 0x9c])).toBeGreaterThan(30);
  expect(await pixelsNear(inset, [0xc9, 0x2a, 0x2a], 120)).toBeGreaterThan(50);
  expect(await pixelsNear(inset, [0x18, 0x64, 0xab])).toBeGreaterThan(10);

  // Sixteen completions, each with the visible top half of the digit kept.
  const strip = hidden.getByRole('img', { name: /^Completions: the visible pixels kept/ });
  await expect(strip).toHaveAttribute('data-count', '16');
  await expect(hidden.getByText(/z drawn from the exact p\(z \| x_v\) on the grid/)).toBeVisible();

  // Over 8 test digits: the means, with a progress bar while it runs.
  await hidden.getByLabel('Test digits').fill('8');
  await hidden.getByRole('button', { name: 'Run over 8 test digits (Bottom half hidden)' }).click();
  const summary = hidden.getByRole('table', { name: /^Mean over 8 of 8 test digits, Bottom half hidden/ });
  await expect(summary).toBeVisible({ timeout: 180_000 });
  await expect(summary).toContainText(/Took \d+ s/);
  const [meanExact] = await rowNumbers(summary, /^with the exact posterior/);
  expect(Number.isFinite(meanExact)).toBe(true);
  expect(consoleErrors).toEqual([]);
});

test('the brush hides the pixels it is dragged over; a mask that hides nothing is refused with a message', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(240_000);
  const hidden = await hideAndFill(page, 'Brush', '3');
  await expect(hidden.getByRole('alert')).toHaveText(/Nothing is hidden/);

  const brush = hidden.getByRole('img', { name: /^Brush: drag over the digit/ });
  const box = (await brush.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.5, { steps: 20 });
  await page.mouse.up();
  await hidden.getByRole('button', { name: 'Hide and fill in' }).click();
  const figures = hidden.getByRole('table', { name: /log p\(x_h \| x_v\) of the true \d+ hidden pixels/ });
  await expect(figures).toBeVisible({ timeout: 120_000 });
  const caption = await figures.locator('caption').innerText();
  const pixels = Number(/true (\d+) hidden/.exec(caption)![1]);
  // A horizontal stroke three pixels wide across most of the 28 columns.
  expect(pixels).toBeGreaterThan(40);
  expect(pixels).toBeLessThan(120);
  await expect(hidden.getByRole('img', { name: /^Completions/ })).toHaveAttribute('data-count', '16');
  expect(consoleErrors).toEqual([]);
});

test('above 2-D (vae-20d): the hidden half by importance sampling, labelled approximate, with its ESS', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(240_000);
  await page.goto('/#view=vae&vae=shipped/vae-20d');
  await expect(page.getByRole('heading', { name: 'VAE: VAE, 20-D latent' })).toBeVisible();
  const hidden = page.getByRole('region', { name: /^The hidden half/ });
  await hidden.getByRole('radio', { name: 'Bottom half' }).check();
  await hidden.getByLabel('Hidden-half test digit').fill('7');
  await hidden.getByRole('button', { name: 'Hide and fill in' }).click();
  const figures = hidden.getByRole('table', { name: /log p\(x_h \| x_v\) of the true 392 hidden pixels/ });
  await expect(figures).toBeVisible({ timeout: 120_000 });
  await expect(figures).toContainText(/Approximate: importance sampling .* effective sample size [\d.]+/);
  const [approx] = await rowNumbers(figures, /^with p\(z \| x_v\), importance-sampled/);
  expect(Number.isFinite(approx)).toBe(true);
  await expect(hidden.getByRole('img', { name: /^Completions/ })).toHaveAttribute('data-count', '16');
  await expect(hidden.getByText(/^Completions: z resampled from the importance weights \(approximate\)/)).toBeVisible();
  // No grid above 2-D: no posterior inset.
  await expect(hidden.getByRole('img', { name: /^The posterior given the visible pixels/ })).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
