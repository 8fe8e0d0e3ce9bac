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

/**
 * Imports a model from disk. It is loaded and checked under a staging key
 * in the explorer worker, and only then takes a slot (the one showing its
 * family, see slotForKind): a file that fails (the message names it and the
 * fault) changes nothing.
 */

const UNCHANGED = 'The models shown are unchanged.';

async function importFiles(files: ModelFileMap, source: string): Promise<string> {
  const staging = stagingKey();
  try {
    const { meta, weights } = await explorerClient.loadModelFromFiles(staging, files);
    const slot = slotForKind(meta.kind);
    refuseIfTraining(slot);
    const name = meta.name ?? source;
    await moveIntoSlot(staging, claimSlot(slot), { key: `imported/${name}`, source: 'imported', name, meta, weights });
    return `Imported "${name}" into the ${slot} slot. Save it to keep it in this browser.`;
  } catch (err) {
    void explorerClient.dropModel(staging).catch(() => undefined);
    throw err;
  }
}

/** Our own refusals name the file already; the loader's name a file inside it. */
function withSource(err: unknown, source: string): Error {
  const message = err instanceof Error ? err.message : String(err);
  return new Error(`${err instanceof ModelImportError ? message : `${source}: ${message}`}. ${UNCHANGED}`, {
    cause: err,
  });
}

export function importModelZip(file: File): Promise<void> {
  return libraryTask(`Checking ${file.name}…`, 'Not imported', async () => {
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
  const folder = chosen[0]?.webkitRelativePath.split('/')[0] || 'the folder';
  return libraryTask(`Checking ${folder}…`, 'Not imported', async () => {
    try {
      const picked = chosen.filter((f) => isModelFilePath(f.webkitRelativePath || f.name));
      if (picked.length === 0) throw new ModelImportError(`${folder} holds no .json or .bin files`);
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
