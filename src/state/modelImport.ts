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
import { SafetensorsError, TorchModelError, torchModelFromSafetensors } from '../persistence/torchModel';
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
  const named =
    err instanceof ModelImportError || err instanceof SafetensorsError || err instanceof TorchModelError
      ? message
      : t('library.import.inFile', { source, message });
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

/**
 * A PyTorch model: one .safetensors file and, unless the file carries it in its __metadata__, its .json
 * description (persistence/torchModel.ts). Converted into the explorer's own files, then loaded and
 * checked like any import.
 */
export function importTorchModel(chosen: readonly File[]): Promise<void> {
  const weights = chosen.filter((f) => /\.safetensors$/i.test(f.name));
  const descriptions = chosen.filter((f) => /\.json$/i.test(f.name));
  const what = weights[0]?.name ?? chosen[0]?.name ?? '';
  return libraryTask(t('library.import.checking', { what }), t('library.import.notImported'), async () => {
    try {
      if (weights.length === 0) throw new ModelImportError(t('library.import.torchNoFile'));
      if (weights.length > 1 || descriptions.length > 1 || weights.length + descriptions.length < chosen.length)
        throw new ModelImportError(t('library.import.torchTooMany', { files: chosen.map((f) => f.name).join(', ') }));
      checkImportSize(chosen);
      const [file] = weights;
      const description = descriptions[0] ? await descriptions[0].text() : null;
      const model = torchModelFromSafetensors(
        new Uint8Array(await file.arrayBuffer()),
        file.name,
        description,
        descriptions[0]?.name,
      );
      const files = await explorerClient.modelFiles(model.arrays, model.meta);
      return await importFiles(files, file.name.replace(/\.safetensors$/i, ''));
    } catch (err) {
      throw withSource(err, what);
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
