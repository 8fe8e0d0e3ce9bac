import { libraryTask } from './libraryStore';
import { moveIntoSlot, refuseIfTraining, slotForKind, stagingKey } from './modelActions';
import { claimSlot } from './slots';
import { explorerClient } from '../bridge/explorerClient';
import {
  checkImportSize,
  isModelFilePath,
  ModelImportError,
  modelFilesFromEntries,
  unpackModelZip,
  type ModelFileMap,
} from '../persistence/modelArchive';
import { t } from '../i18n';

/**
 * Imports a model from disk. It is loaded and checked under a staging key
 * in the explorer worker, and only then takes a slot (the one showing its
 * family, see slotForKind): a file that fails (the message names it and the
 * fault) changes nothing.
 */

async function importFiles(files: ModelFileMap, source: string): Promise<string> {
  const staging = stagingKey();
  try {
    const { meta, weights } = await explorerClient.loadModelFromFiles(staging, files);
    const slot = slotForKind(meta.kind);
    refuseIfTraining(slot);
    const name = meta.name ?? source;
    await moveIntoSlot(staging, claimSlot(slot), { key: `imported/${name}`, source: 'imported', name, meta, weights });
    return t('library.import.done', { name, slot: t(`library.sides.${slot}`) });
  } catch (err) {
    void explorerClient.dropModel(staging).catch(() => undefined);
    throw err;
  }
}

/** Our own refusals name the file already; the loader's name a file inside it. */
function withSource(err: unknown, source: string): Error {
  const message = err instanceof Error ? err.message : String(err);
  const named = err instanceof ModelImportError ? message : t('library.import.inFile', { source, message });
  return new Error(t('library.import.unchanged', { message: named }), { cause: err });
}

export function importModelZip(file: File): Promise<void> {
  return libraryTask(t('library.import.checking', { what: file.name }), t('library.import.notImported'), async () => {
    try {
      checkImportSize([file]);
      const files = unpackModelZip(new Uint8Array(await file.arrayBuffer()), file.name);
      return await importFiles(files, file.name.replace(/\.zip$/i, ''));
    } catch (err) {
      throw withSource(err, file.name);
    }
  });
}

/** A folder from a directory picker: each file's webkitRelativePath starts with the folder's name. */
export function importModelFolder(chosen: readonly File[]): Promise<void> {
  const folder = chosen[0]?.webkitRelativePath.split('/')[0] || t('library.import.theFolder');
  return libraryTask(t('library.import.checking', { what: folder }), t('library.import.notImported'), async () => {
    try {
      const picked = chosen.filter((f) => isModelFilePath(f.webkitRelativePath || f.name));
      if (picked.length === 0) throw new ModelImportError(t('library.import.noModelFiles', { folder }));
      checkImportSize(picked);
      const entries = await Promise.all(
        picked.map(async (f): Promise<[string, Uint8Array]> => [
          f.webkitRelativePath || f.name,
          new Uint8Array(await f.arrayBuffer()),
        ]),
      );
      return await importFiles(modelFilesFromEntries(entries), folder);
    } catch (err) {
      throw withSource(err, folder);
    }
  });
}
