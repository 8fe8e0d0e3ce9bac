import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/lib/chromium';
import { chooseBackend, expect, openApp, test, trainedSteps } from './fixtures';

/**
 * WebGPU as a backend: with --enable-unsafe-webgpu, headless Chromium here exposes a software fallback
 * adapter (SwiftShader), fine for correctness and useless for speed. Auto passes it over and says so;
 * chosen by hand it trains, and the first training steps' losses match wasm's (same seed, same batches).
 */
test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'] } });

test('Auto passes over a fallback WebGPU adapter and says why', async ({ page, consoleErrors }) => {
  await openApp(page);
  const status = page.getByRole('status', { name: 'Active backend' });
  await expect(status).toContainText('Auto passed over webgpu (software-rendered, no GPU)');
  expect(consoleErrors).toEqual([]);
});

test('WebGPU trains: its first steps lose what wasm loses, and it runs from the training form', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(240_000);
  await openApp(page);
  const run = (backend: 'webgpu' | 'wasm') =>
    page.evaluate(async (b) => {
      const { losses, backend } = await window.__latentExplorer!.trainingLosses(b, 5);
      return { losses, name: backend.name, software: backend.softwareRendered };
    }, backend);
  const gpu = await run('webgpu');
  const cpu = await run('wasm');
  expect(gpu.name).toBe('webgpu');
  expect(gpu.software).toBe(true);
  expect(gpu.losses).toHaveLength(5);
  gpu.losses.forEach((loss, i) => {
    expect(Number.isFinite(loss)).toBe(true);
    expect(Math.abs(loss - cpu.losses[i]) / cpu.losses[i], `step ${i + 1}`).toBeLessThan(1e-3);
  });
  // A person's way: the backend menu, one step, the status and its warning.
  await page.getByLabel('Train AE', { exact: true }).uncheck();
  await chooseBackend(page, 'webgpu');
  await expect(page.getByText(/This WebGPU adapter is a software fallback/)).toBeVisible();
  await page.getByRole('button', { name: 'Step one batch' }).click();
  await expect.poll(() => trainedSteps(page), { timeout: 120_000 }).toEqual({ left: 1, right: 0 });
  expect(consoleErrors).toEqual([]);
});
