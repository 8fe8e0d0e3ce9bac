import { zipSync, type Zippable } from 'fflate';
import { readZipEntry, zipEntries, ZipFormatError } from './zipReader';
import { t } from '../i18n';

/**
 * A model as a .zip or a folder of files (meta.json, encoder/model.json +
 * weights.bin, decoder/model.json + weights.bin): packing, unpacking and the
 * checks that come before the model loader sees a byte. Pure: no DOM, so it
 * runs in unit tests.
 */

/** Relative path inside the model's folder -> bytes. */
export type ModelFileMap = Map<string, Uint8Array>;

/** The most one import may hold in all. The reference 784-512-256-2 VAE is about 4.3 MB. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/** A file (or set of files) refused before it reaches the model loader; the message names it and says why. */
export class ModelImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelImportError';
  }
}

/** "4.3 MB", "64 MB". */
export function megabytes(bytes: number): string {
  return `${Number((bytes / 2 ** 20).toFixed(1))} MB`;
}

/** Refuses files over the size limit before any is read (a huge file would stall the tab). */
export function checkImportSize(files: ReadonlyArray<{ name: string; size: number }>, limit = MAX_IMPORT_BYTES): void {
  const total = files.reduce((n, f) => n + f.size, 0);
  if (total <= limit) return;
  // Just over the limit would round to the limit itself.
  const size =
    megabytes(total) === megabytes(limit) ? t('library.import.over', { size: megabytes(limit) }) : megabytes(total);
  throw new ModelImportError(
    files.length === 1
      ? t('library.import.tooBigOne', { file: files[0].name, size, limit: megabytes(limit) })
      : t('library.import.tooBigMany', { number: files.length, size, limit: megabytes(limit) }),
  );
}

/**
 * The files a model folder is made of: JSON and binary weight files (a
 * converted Keras model names its shards group1-shard1of1.bin). What an OS
 * adds to folders and zips (__MACOSX/, .DS_Store) is left out.
 */
export function isModelFilePath(path: string): boolean {
  const parts = path.split('/');
  if (parts.some((p) => p === '__MACOSX' || p.startsWith('.'))) return false;
  return /\.(json|bin)$/i.test(path);
}

/**
 * Strips the top-level folder every path shares ("vae-2d/meta.json" ->
 * "meta.json"): a zip made from a folder, or a folder chosen with a
 * directory picker, holds one. Stops once meta.json is at the top.
 */
export function stripCommonFolder(files: ModelFileMap): ModelFileMap {
  let current = files;
  while (current.size > 0 && !current.has('meta.json')) {
    const paths = [...current.keys()];
    const top = paths[0].split('/')[0];
    if (!paths.every((p) => p.startsWith(`${top}/`))) break;
    current = new Map([...current].map(([p, bytes]) => [p.slice(top.length + 1), bytes]));
  }
  return current;
}

/** The model files among files with paths (e.g. a chosen folder's webkitRelativePath), top folder stripped. */
export function modelFilesFromEntries(entries: Iterable<[string, Uint8Array]>): ModelFileMap {
  return stripCommonFolder(new Map([...entries].filter(([path]) => isModelFilePath(path))));
}

function looksLikeZip(bytes: Uint8Array): boolean {
  // "PK\3\4" opens a zip with entries, "PK\5\6" an empty one.
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

/**
 * Unpacks a model .zip. The unpacked size is checked from the zip's own
 * directory before anything is inflated, so a zip bomb costs nothing; each
 * entry is then checked against its declared size and CRC-32 as it inflates
 * (zipReader.ts), so a corrupted or lying entry is refused, never cut short.
 */
export function unpackModelZip(bytes: Uint8Array, fileName: string, limit = MAX_IMPORT_BYTES): ModelFileMap {
  if (!looksLikeZip(bytes)) throw new ModelImportError(t('library.import.notZip', { file: fileName }));
  try {
    const entries = zipEntries(bytes).filter((e) => isModelFilePath(e.name));
    const unpackedBytes = entries.reduce((n, e) => n + e.size, 0);
    if (unpackedBytes > limit) {
      throw new ModelImportError(t('library.import.unpacksTooBig', { file: fileName, limit: megabytes(limit) }));
    }
    return modelFilesFromEntries(entries.map((e): [string, Uint8Array] => [e.name, readZipEntry(bytes, e)]));
  } catch (err) {
    if (err instanceof ModelImportError) throw err;
    if (err instanceof ZipFormatError) {
      throw new ModelImportError(t('library.import.inFile', { source: fileName, message: err.message }));
    }
    throw new ModelImportError(
      t('library.import.unreadableZip', { file: fileName, message: err instanceof Error ? err.message : String(err) }),
    );
  }
}

/**
 * Packs a model's files into a .zip, inside one folder (what unzipping
 * gives back, and what the importer strips). Weights are stored, not
 * deflated: float32 noise barely compresses and deflating costs time.
 */
export function packModelZip(files: ModelFileMap, folder: string): Uint8Array<ArrayBuffer> {
  const entries: Zippable = {};
  for (const [path, bytes] of files) {
    entries[`${folder}/${path}`] = [bytes, { level: path.endsWith('.bin') ? 0 : 6 }];
  }
  return zipSync(entries);
}

/** A file-system-safe name for a model's zip and folder ("My run #2" -> "My-run-2"). */
export function fileSlug(name: string): string {
  return (
    name
      .replace(/[^\w.-]+/g, '-')
      .replace(/^[-.]+|-+$/g, '')
      .slice(0, 80) || 'model'
  );
}
