import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  checkImportSize,
  fileSlug,
  isModelFilePath,
  MAX_IMPORT_BYTES,
  ModelImportError,
  modelFilesFromEntries,
  packModelZip,
  stripCommonFolder,
  unpackModelZip,
  type ModelFileMap,
} from '../../src/persistence/modelArchive';
import { zipEntries } from '../../src/persistence/zipReader';

function modelFiles(): ModelFileMap {
  return new Map([
    ['meta.json', strToU8('{"kind":"vae"}')],
    ['encoder/model.json', strToU8('{"format":"layers-model"}')],
    ['encoder/weights.bin', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7) & 255)],
    ['decoder/model.json', strToU8('{"format":"layers-model"}')],
    ['decoder/weights.bin', Uint8Array.from({ length: 2048 }, (_, i) => (i * 13) & 255)],
  ]);
}

const sorted = (files: ModelFileMap) => [...files.keys()].sort();

describe('model zips', () => {
  it('round-trip: packed in a folder, unpacked with the folder stripped and every byte the same', () => {
    const files = modelFiles();
    const zip = packModelZip(files, 'my-run');
    const back = unpackModelZip(zip, 'my-run.zip');
    expect(sorted(back)).toEqual(sorted(files));
    for (const [path, bytes] of files) expect(back.get(path)).toEqual(bytes);
  });

  it('unpacks a zip whose files sit at the top, and one nested two folders deep', () => {
    const flat: Record<string, Uint8Array> = {};
    const nested: Record<string, Uint8Array> = {};
    for (const [path, bytes] of modelFiles()) {
      flat[path] = bytes;
      nested[`outer/inner/${path}`] = bytes;
    }
    expect(sorted(unpackModelZip(zipSync(flat), 'flat.zip'))).toEqual(sorted(modelFiles()));
    expect(sorted(unpackModelZip(zipSync(nested), 'nested.zip'))).toEqual(sorted(modelFiles()));
  });

  it('leaves out what an OS adds to zips (__MACOSX/, .DS_Store) and files that are not .json or .bin', () => {
    const entries: Record<string, Uint8Array> = {
      '__MACOSX/vae/._meta.json': strToU8('junk'),
      'vae/.DS_Store': strToU8('junk'),
      'vae/README.txt': strToU8('hello'),
    };
    for (const [path, bytes] of modelFiles()) entries[`vae/${path}`] = bytes;
    expect(sorted(unpackModelZip(zipSync(entries), 'vae.zip'))).toEqual(sorted(modelFiles()));
  });

  it('refuses a file that is not a zip, naming it', () => {
    expect(() => unpackModelZip(strToU8('{"kind": "vae"}'), 'model.zip')).toThrow(ModelImportError);
    expect(() => unpackModelZip(strToU8('{"kind": "vae"}'), 'model.zip')).toThrow(
      'model.zip is not a .zip file (no zip header)',
    );
  });

  it('refuses a damaged zip (a zip header, then garbage)', () => {
    const zip = packModelZip(modelFiles(), 'm');
    const damaged = zip.slice(0, 40);
    expect(() => unpackModelZip(damaged, 'cut.zip')).toThrow(/^cut.zip: it has no zip directory/);
  });

  it('refuses an entry whose bytes fail their CRC-32 (a corrupted weight file), naming it', () => {
    const zip = packModelZip(modelFiles(), 'm'); // weights are stored, not deflated: flip one of their bytes
    const entry = zipEntries(zip).find((e) => e.name === 'm/encoder/weights.bin')!;
    const corrupted = zip.slice();
    const dataStart = entry.localHeaderOffset + 30 + 'm/encoder/weights.bin'.length;
    corrupted[dataStart + 100] ^= 0xff;
    expect(() => unpackModelZip(corrupted, 'flipped.zip')).toThrow(
      'flipped.zip: m/encoder/weights.bin fails its CRC-32 check: the file is corrupted',
    );
  });

  it('refuses an entry that inflates to more than it declares (a lying zip bomb), instead of cutting it short', () => {
    const zip = zipSync({ 'm/meta.json': strToU8('{}'), 'm/encoder/weights.bin': new Uint8Array(300_000).fill(7) });
    const entry = zipEntries(zip).find((e) => e.name === 'm/encoder/weights.bin')!;
    // Declare 1,000 bytes in the central directory (uncompressed size at +24 of the entry's record).
    const lying = zip.slice();
    const view = new DataView(lying.buffer);
    let offset = view.getUint32(lying.length - 22 + 16, true);
    for (const e of zipEntries(zip)) {
      if (e.name === entry.name) view.setUint32(offset + 24, 1000, true);
      offset += 46 + new TextEncoder().encode(e.name).length;
    }
    expect(() => unpackModelZip(lying, 'bomb.zip')).toThrow(
      'bomb.zip: m/encoder/weights.bin inflates to more than the 1000 bytes the zip declares for it',
    );
  });

  it('refuses a zip that unpacks beyond the limit, before inflating it', () => {
    const big = zipSync({ 'm/meta.json': strToU8('{}'), 'm/encoder/weights.bin': new Uint8Array(300_000) });
    expect(big.length).toBeLessThan(10_000); // zeros deflate to almost nothing: only the directory tells
    expect(() => unpackModelZip(big, 'bomb.zip', 100_000)).toThrow(
      'bomb.zip unpacks to more than 0.1 MB; a model may be at most 0.1 MB in all',
    );
  });
});

describe('folders and paths', () => {
  it('strips the one top-level folder a directory picker gives (webkitRelativePath)', () => {
    const entries: Array<[string, Uint8Array]> = [...modelFiles()].map(([p, b]) => [`vae-2d/${p}`, b]);
    entries.push(['vae-2d/notes.txt', strToU8('x')]);
    expect(sorted(modelFilesFromEntries(entries))).toEqual(sorted(modelFiles()));
  });

  it('keeps paths as they are when meta.json is at the top or the files share no folder', () => {
    expect(sorted(stripCommonFolder(modelFiles()))).toEqual(sorted(modelFiles()));
    const mixed: ModelFileMap = new Map([
      ['a/meta.json', strToU8('{}')],
      ['b/encoder/model.json', strToU8('{}')],
    ]);
    expect(sorted(stripCommonFolder(mixed))).toEqual(['a/meta.json', 'b/encoder/model.json']);
  });

  it('takes .json and .bin files (a converted model names its shards group1-shard1of1.bin)', () => {
    expect(isModelFilePath('encoder/group1-shard1of1.bin')).toBe(true);
    expect(isModelFilePath('meta.json')).toBe(true);
    expect(isModelFilePath('encoder/.hidden.json')).toBe(false);
    expect(isModelFilePath('notes.md')).toBe(false);
  });

  it('makes file-system-safe names', () => {
    expect(fileSlug('My run #2')).toBe('My-run-2');
    expect(fileSlug('../../etc')).toBe('etc');
    expect(fileSlug('???')).toBe('model');
  });
});

describe('the size limit', () => {
  it('is 64 MB in all', () => {
    expect(MAX_IMPORT_BYTES).toBe(64 * 2 ** 20);
  });

  it('passes files within it and refuses more, saying how big and what the limit is', () => {
    expect(() => checkImportSize([{ name: 'ok.zip', size: MAX_IMPORT_BYTES }])).not.toThrow();
    expect(() => checkImportSize([{ name: 'edge.zip', size: MAX_IMPORT_BYTES + 1 }])).toThrow(
      'edge.zip is over 64 MB; a model may be at most 64 MB in all',
    );
    expect(() => checkImportSize([{ name: 'huge.zip', size: MAX_IMPORT_BYTES + 2 ** 20 }])).toThrow(
      'huge.zip is 65 MB; a model may be at most 64 MB in all',
    );
    const folder = [
      { name: 'meta.json', size: 1000 },
      { name: 'weights.bin', size: 70 * 2 ** 20 },
    ];
    expect(() => checkImportSize(folder)).toThrow('The 2 files are 70 MB; a model may be at most 64 MB in all');
  });
});
