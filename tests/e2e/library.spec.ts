import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { canvasInk, chooseBackend, expect, openApp, test, trainedSteps, useSmallModels } from './fixtures';
import type { Locator, Page } from '@playwright/test';

/**
 * The model library: saving trained models in the browser, loading,
 * renaming and deleting them, downloading and importing .zip files and
 * folders, and every bad input refused without touching the models shown.
 */

type Files = Record<string, Uint8Array>;

const SHIPPED_VAE = 'VAE: VAE, 2-D latent';

function library(page: Page): Locator {
  return page.getByRole('region', { name: 'Model library' });
}

async function openLibrary(page: Page): Promise<Locator> {
  const toggle = page.getByRole('button', { name: 'Models: load, save, download, import' });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  return library(page);
}

/** The shipped VAE is on the map and its posteriors are in (a click decodes). */
async function shippedVaeShown(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: SHIPPED_VAE })).toBeVisible();
  await expect(page.getByText(/^Reconstruction [\d.]+.*nats per test image/).first()).toBeVisible();
}

let clicks = 0;

async function decodesOnClick(page: Page): Promise<void> {
  const map = page.getByRole('application', { name: 'Latent map (VAE)' });
  const coords = page.locator('.coords').first();
  const before = await coords.innerText();
  const box = (await map.boundingBox())!;
  // A new place each time, so the coordinates change.
  const fx = 0.3 + 0.07 * (clicks++ % 6);
  await map.click({ position: { x: box.width * fx, y: box.height * 0.45 } });
  await expect(coords).not.toHaveText(before);
  const image = page.getByRole('img', { name: 'Decoded image (VAE)', exact: true });
  await expect.poll(() => canvasInk(image)).toBeGreaterThan(5);
}

/** A few batches of a tiny VAE/AE pair (784-32-2): weights to save in seconds. */
async function trainTinyModels(page: Page): Promise<void> {
  await openApp(page);
  await chooseBackend(page, 'wasm');
  await useSmallModels(page, '32', '1');
  for (let k = 1; k <= 3; k++) {
    await page.getByRole('button', { name: 'Step one batch' }).click();
    await expect.poll(() => trainedSteps(page)).toEqual({ left: k, right: k });
  }
  await expect(page.getByRole('heading', { name: 'VAE: VAE being trained' })).toBeVisible();
}

async function expectStatus(page: Page, text: string | RegExp): Promise<void> {
  await expect(page.getByRole('status', { name: 'Model library status' })).toContainText(text);
}

function shippedVaeFiles(): Files {
  const dir = path.resolve('models/vae-2d');
  const files: Files = {};
  for (const p of [
    'meta.json',
    'encoder/model.json',
    'encoder/weights.bin',
    'decoder/model.json',
    'decoder/weights.bin',
  ]) {
    files[p] = new Uint8Array(fs.readFileSync(path.join(dir, p)));
  }
  return files;
}

const zipOf = (files: Files) => Buffer.from(zipSync(files));
const jsonBytes = (value: unknown) => strToU8(JSON.stringify(value));
const parse = (bytes: Uint8Array) => JSON.parse(strFromU8(bytes)) as Record<string, unknown>;

/**
 * An encoder whose input is [null, 100] instead of [null, 784], internally
 * consistent (topology, manifest and weights agree) so that tfjs loads it
 * and only the shape check can refuse it.
 */
function encoderWithInput100(files: Files): Files {
  const model = parse(files['encoder/model.json']) as {
    modelTopology: { config: { layers: Array<{ config: { batch_input_shape?: number[] } }> } };
    weightsManifest: Array<{ weights: Array<{ shape: number[] }> }>;
  };
  model.modelTopology.config.layers[0].config.batch_input_shape = [null as unknown as number, 100];
  const first = model.weightsManifest[0].weights[0];
  const units = first.shape[1];
  first.shape = [100, units];
  const weights = files['encoder/weights.bin'];
  const kept = new Uint8Array(weights.length - (784 - 100) * units * 4);
  kept.set(weights.subarray(0, 100 * units * 4));
  kept.set(weights.subarray(784 * units * 4), 100 * units * 4);
  return { ...files, 'encoder/model.json': jsonBytes(model), 'encoder/weights.bin': kept };
}

test.describe('the model library', () => {
  test('a trained model is saved, survives a reload, loads into its slot, is renamed and deleted', async ({
    page,
    consoleErrors,
  }) => {
    await trainTinyModels(page);
    const lib = await openLibrary(page);
    const name = lib.getByLabel('Name to save under');
    await name.fill('tiny run');
    await lib.getByRole('button', { name: 'Save the VAE' }).click();
    await expectStatus(page, 'Saved the VAE as "tiny run" in this browser.');
    await name.fill('tiny ae');
    await lib.getByRole('button', { name: 'Save the AE' }).click();
    await expectStatus(page, 'Saved the AE as "tiny ae" in this browser.');
    const item = lib.getByRole('listitem', { name: 'tiny run' });
    await expect(item).toContainText('VAE 784-32-2');
    await expect(item).toContainText('No test figures');
    // A name taken is refused: nothing is overwritten.
    await name.fill('tiny run');
    await lib.getByRole('button', { name: 'Save the VAE' }).click();
    await expect(page.getByRole('alert')).toContainText('Not saved: A saved model is already called "tiny run"');

    await page.reload();
    await shippedVaeShown(page);
    await openLibrary(page);
    await expect(lib.getByRole('listitem', { name: 'tiny run' })).toBeVisible();
    await lib.getByRole('button', { name: 'Load tiny run on the left', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'VAE: tiny run' })).toBeVisible();
    await expectStatus(page, 'Loaded "tiny run" into the left slot.');
    await decodesOnClick(page);
    // Any model can go to either side; this AE goes to the right, beside the VAE.
    await lib.getByRole('button', { name: 'Load tiny ae on the right', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'AE: tiny ae' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'VAE: tiny run' })).toBeVisible();

    // A link to a saved model reproduces it after a reload.
    await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('right=saved/tiny+ae');
    expect(await page.evaluate(() => window.location.hash)).toContain('left=saved/tiny+run');
    const url = page.url();
    await page.goto('about:blank');
    await page.goto(url);
    await expect(page.getByRole('heading', { name: 'VAE: tiny run' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'AE: tiny ae' })).toBeVisible();

    await openLibrary(page);
    await lib.getByRole('button', { name: 'Rename tiny run' }).click();
    await lib.getByLabel('New name for tiny run').fill('tiny run 2');
    await lib.getByRole('button', { name: 'Save name' }).click();
    await expectStatus(page, 'Renamed "tiny run" to "tiny run 2".');
    await expect(page.getByRole('heading', { name: 'VAE: tiny run 2' })).toBeVisible();
    await expect(lib.getByRole('listitem', { name: 'tiny run', exact: true })).toHaveCount(0);
    await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('left=saved/tiny+run+2');
    await page.reload();
    await expect(page.getByRole('heading', { name: 'VAE: tiny run 2' })).toBeVisible();

    await openLibrary(page);
    await lib.getByRole('button', { name: 'Delete tiny run 2' }).click();
    await lib.getByRole('button', { name: 'Delete for good' }).click();
    await expectStatus(page, 'Deleted "tiny run 2" from this browser.');
    await expect(lib.getByRole('listitem', { name: 'tiny run 2' })).toHaveCount(0);
    // Still shown (its weights are in the page), but no longer named by the link.
    await expect(page.getByRole('heading', { name: 'VAE: tiny run 2' })).toBeVisible();
    await expect.poll(() => page.evaluate(() => window.location.hash)).not.toContain('saved/tiny+run+2');
    await page.reload();
    await shippedVaeShown(page);
    await openLibrary(page);
    await expect(lib.getByRole('listitem', { name: 'tiny ae' })).toBeVisible();
    await expect(lib.getByRole('listitem', { name: 'tiny run 2' })).toHaveCount(0);

    // A link to a saved model this browser does not have: said so, and the default is shown.
    await page.goto('about:blank');
    await page.goto('/#left=saved/tiny+run+2');
    await expect(page.getByRole('alert')).toContainText(
      'The link names the saved model "tiny run 2", which could not be loaded: no saved model is called "tiny run 2" in this browser.',
    );
    await shippedVaeShown(page);
    expect(consoleErrors).toEqual([]);
  });

  test('a downloaded zip imports again, and so does the same model as a folder', async ({ page }, testInfo) => {
    await trainTinyModels(page);
    const lib = await openLibrary(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      lib.getByRole('button', { name: 'Download the VAE (.zip)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('VAE-784-32-2-step-3.zip');
    const zip = new Uint8Array(fs.readFileSync((await download.path())!));
    const inside = unzipSync(zip);
    expect(Object.keys(inside).sort()).toEqual([
      'VAE-784-32-2-step-3/decoder/model.json',
      'VAE-784-32-2-step-3/decoder/weights.bin',
      'VAE-784-32-2-step-3/encoder/model.json',
      'VAE-784-32-2-step-3/encoder/weights.bin',
      'VAE-784-32-2-step-3/meta.json',
    ]);
    const meta = parse(inside['VAE-784-32-2-step-3/meta.json']);
    expect(meta).toMatchObject({ kind: 'vae', latentDim: 2, hidden: [32], trainedOn: 'mnist-train-60000' });

    // A fresh page: the slot shows the shipped VAE again, not the run.
    await page.reload();
    await shippedVaeShown(page);
    await openLibrary(page);
    await lib
      .getByLabel('Import a model (.zip)')
      .setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/zip', buffer: Buffer.from(zip) });
    await expect(page.getByRole('heading', { name: 'VAE: VAE 784-32-2, step 3' })).toBeVisible();
    await expectStatus(page, 'Imported "VAE 784-32-2, step 3" into the left slot.');
    await decodesOnClick(page);

    // The same files as a folder (a directory picker), renamed so the change shows.
    const dir = testInfo.outputPath('from-a-folder');
    for (const [p, bytes] of Object.entries(inside)) {
      const rel = p.slice('VAE-784-32-2-step-3/'.length);
      const out = path.join(dir, rel);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, rel === 'meta.json' ? jsonBytes({ ...meta, name: 'from a folder' }) : bytes);
    }
    await lib.getByLabel('Import a model folder').setInputFiles(dir);
    await expect(page.getByRole('heading', { name: 'VAE: from a folder' })).toBeVisible();
    await decodesOnClick(page);
  });

  test('bad files are refused with a message naming the fault, and the model shown stays', async ({
    page,
  }, testInfo) => {
    await page.goto('/');
    await shippedVaeShown(page);
    const lib = await openLibrary(page);
    const good = shippedVaeFiles();
    const meta = parse(good['meta.json']);
    const without = (p: string): Files => Object.fromEntries(Object.entries(good).filter(([k]) => k !== p));
    const cases: Array<[string, Buffer, RegExp]> = [
      ['notes.zip', Buffer.from('these are not the files you are looking for'), /notes\.zip is not a \.zip file/],
      [
        'truncated-meta.zip',
        zipOf({ ...good, 'meta.json': good['meta.json'].slice(0, 40) }),
        /truncated-meta\.zip: meta\.json is not valid JSON/,
      ],
      [
        'corrupt-model.zip',
        zipOf({ ...good, 'encoder/model.json': good['encoder/model.json'].slice(0, 300) }),
        /encoder\/model\.json is not valid JSON .*truncated/,
      ],
      [
        'no-weights.zip',
        zipOf(without('decoder/weights.bin')),
        /weight file decoder\/weights\.bin \(listed in decoder\/model\.json\) is missing/,
      ],
      [
        'wrong-input.zip',
        zipOf(encoderWithInput100(good)),
        /encoder\/model\.json: input must be \[null, 784\], found \[null, 100\]/,
      ],
      [
        'wrong-output.zip',
        zipOf({ ...good, 'meta.json': jsonBytes({ ...meta, latentDim: 3 }) }),
        /encoder\/model\.json: outputs must be \[null, 3\] \(latentDim\), found \[null, 2\]/,
      ],
      [
        'latent-65.zip',
        zipOf({ ...good, 'meta.json': jsonBytes({ ...meta, latentDim: 65 }) }),
        /meta\.json: latentDim: the latent size must be 2-64/,
      ],
    ];
    const alert = page.getByRole('alert');
    for (const [name, buffer, message] of cases) {
      await lib.getByLabel('Import a model (.zip)').setInputFiles({ name, mimeType: 'application/zip', buffer });
      await expect(alert).toContainText(message);
      await expect(alert).toContainText(/^Not imported: .*The models shown are unchanged\.$/);
      await expect(page.getByRole('heading', { name: SHIPPED_VAE })).toBeVisible();
    }

    // Over the stated limit: refused from its size alone, before it is read.
    await expect(lib).toContainText('up to 64 MB in all');
    const huge = testInfo.outputPath('huge.zip');
    fs.writeFileSync(huge, Buffer.alloc(65 * 2 ** 20));
    await lib.getByLabel('Import a model (.zip)').setInputFiles(huge);
    await expect(alert).toContainText('huge.zip is 65 MB; a model may be at most 64 MB in all');

    // A folder with a weight file missing.
    const dir = testInfo.outputPath('broken-folder');
    for (const [p, bytes] of Object.entries(without('encoder/weights.bin'))) {
      fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      fs.writeFileSync(path.join(dir, p), bytes);
    }
    await lib.getByLabel('Import a model folder').setInputFiles(dir);
    await expect(alert).toContainText(/broken-folder: weight file encoder\/weights\.bin .* is missing/);

    await expect(page.getByRole('heading', { name: SHIPPED_VAE })).toBeVisible();
    await expect(lib.getByRole('listitem', { name: 'VAE, 2-D latent', exact: true })).toContainText(
      'shown on the left',
    );
    await decodesOnClick(page);
  });

  test('a full disk when saving says so, and nothing is half-saved', async ({ page, context }) => {
    await page.addInitScript(() => {
      // What a browser does when the site's storage quota is used up.
      IDBObjectStore.prototype.put = function put(): IDBRequest<IDBValidKey> {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await page.goto('/');
    await shippedVaeShown(page);
    const lib = await openLibrary(page);
    await lib.getByLabel('Name to save under').fill('full disk');
    await lib.getByRole('button', { name: 'Save the VAE' }).click();
    await expect(page.getByRole('alert')).toContainText(
      "Not saved: this browser's storage for the site is full (QuotaExceededError), so nothing was written.",
    );
    await expect(lib.getByRole('listitem', { name: 'full disk' })).toHaveCount(0);
    await expect(lib).toContainText('No saved models yet');
    await expect(page.getByRole('heading', { name: SHIPPED_VAE })).toBeVisible();

    // A page without the failing storage finds nothing either.
    const fresh = await context.newPage();
    await fresh.goto('/');
    await shippedVaeShown(fresh);
    const freshLib = await openLibrary(fresh);
    await expect(freshLib).toContainText('No saved models yet');
    await fresh.close();
  });
  test('a PyTorch VAE exported by tools/export_vae.py imports from its .safetensors; bad ones are refused by name', async ({
    page,
  }) => {
    await openApp(page);
    await shippedVaeShown(page);
    const lib = await openLibrary(page);
    const input = lib.getByLabel('Import a PyTorch model (.safetensors)');
    const alert = page.getByRole('alert');
    const fixture = path.resolve('tests/fixtures/torch-vae/torch-vae.safetensors');
    const bytes = fs.readFileSync(fixture);

    // Refused first, each naming the file and the fault, and the shipped VAE stays.
    const bad: Array<[{ name: string; mimeType: string; buffer: Buffer }, string | RegExp]> = [
      [
        { name: 'cut.safetensors', mimeType: 'application/octet-stream', buffer: bytes.subarray(0, 300) },
        /cut\.safetensors: the header of \d+ bytes runs past the end of the file \(300 bytes\)/,
      ],
      [
        {
          name: 'model.zip.safetensors',
          mimeType: 'application/octet-stream',
          buffer: Buffer.from('PK\u0003\u0004 not a safetensors file at all'),
        },
        /model\.zip\.safetensors: the header length \d+ is not that of a safetensors file/,
      ],
      [
        {
          name: 'torch-vae.json',
          mimeType: 'application/json',
          buffer: fs.readFileSync(fixture.replace(/safetensors$/, 'json')),
        },
        'Choose one .safetensors file',
      ],
    ];
    for (const [file, message] of bad) {
      await input.setInputFiles(file);
      await expect(alert).toContainText(message);
      await expect(alert).toContainText(/^Not imported: .*The models shown are unchanged\.$/);
      await expect(page.getByRole('heading', { name: SHIPPED_VAE })).toBeVisible();
    }

    // The committed fixture (pytorch/examples' VAE, 784-64-2, 1,000 steps in PyTorch): its description is in the file.
    await input.setInputFiles(fixture);
    await expect(page.getByRole('heading', { name: 'VAE: torch-vae' })).toBeVisible();
    await expectStatus(page, 'Imported "torch-vae" into the left slot.');
    await expect(page.getByText(/^Reconstruction [\d.]+.*nats per test image/).first()).toBeVisible();
    await decodesOnClick(page);
  });
});
