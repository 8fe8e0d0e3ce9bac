import type {} from '../../src/testHooks';
import { test as base, expect, type ConsoleMessage, type Locator, type Page } from '@playwright/test';

/**
 * Every test records the page's console errors and uncaught exceptions and
 * fails on any at its end, whether or not it looks at them (a test that
 * provokes one on purpose names it in `expectedErrors`). Main-thread long
 * tasks are the benchmark's to measure: tests never assert a time.
 */
export const test = base.extend<{ consoleErrors: string[]; expectedErrors: RegExp[] }>({
  expectedErrors: [[], { option: true }],
  consoleErrors: [
    async ({ page, expectedErrors }, use) => {
      const errors: string[] = [];
      page.on('console', (msg: ConsoleMessage) => {
        if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
      });
      page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
      await use(errors);
      const unexpected = errors.filter((e) => !expectedErrors.some((pattern) => pattern.test(e)));
      expect(unexpected, 'console errors and uncaught exceptions on the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Steps trained so far per slot's model, from the page's test hook. */
export async function trainedSteps(page: Page): Promise<{ left: number; right: number }> {
  return page.evaluate(() => window.__latentExplorer!.trainingSteps());
}

/** Opens the app and waits for MNIST to be loaded. */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('status', { name: 'Dataset' })).toContainText('60,000 training / 10,000 test digits');
}

/** Shrinks both models so a test trains fast on any backend (the shape stays a VAE/AE pair). */
export async function useSmallModels(page: Page, hidden = '64', epochs = '3'): Promise<void> {
  await page.getByLabel('VAE hidden sizes', { exact: true }).fill(hidden);
  await page.getByLabel('AE hidden sizes', { exact: true }).fill(hidden);
  await page.getByLabel('Epochs', { exact: true }).fill(epochs);
}

export async function chooseBackend(page: Page, backend: 'webgpu' | 'webgl' | 'wasm' | 'cpu' | 'auto'): Promise<void> {
  await page.getByRole('combobox', { name: 'Backend' }).selectOption(backend);
  if (backend !== 'auto') {
    await expect(page.getByRole('status', { name: 'Active backend' })).toContainText(`Backend: ${backend}`);
  }
}

/** The ink of a canvas: the sum of its red channel / 255 (a digit drawn white on black, or any drawing). */
export function canvasInk(canvas: Locator): Promise<number> {
  return canvas.evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += d[i] / 255;
    return sum;
  });
}

/** The numbers in a table row (a "± sd" splits into two numbers). */
export async function rowNumbers(table: Locator, name: RegExp): Promise<number[]> {
  const text = await table.getByRole('row', { name }).innerText();
  return (text.replace(/−/g, '-').match(/-?\d[\d,]*\.?\d*/g) ?? []).map((s) => Number(s.replace(/,/g, '')));
}

/** How many pixels of a canvas are close to an RGB colour. */
export function pixelsNear(canvas: Locator, [r, g, b]: [number, number, number], tolerance = 40): Promise<number> {
  return canvas.evaluate(
    (el, { r, g, b, tolerance }) => {
      const c = el as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < tolerance) n++;
      }
      return n;
    },
    { r, g, b, tolerance },
  );
}

/** Opens the app and waits for the shipped VAE's map and its figures. */
export async function mapsReady(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: /^VAE: VAE, 2-D latent/ })).toBeVisible();
  await expect(page.getByText(/^Reconstruction [\d.]+.*nats per test image/).first()).toBeVisible();
}
