import { useId, type ChangeEvent } from 'react';
import { useT } from '../i18n';
import { useStore } from '../state/createStore';
import { libraryStore } from '../state/libraryStore';
import { importModelFolder, importModelZip, importTorchModel } from '../state/modelImport';
import { MAX_IMPORT_BYTES, megabytes } from '../persistence/modelArchive';

/** Chosen files, then the input is cleared so that choosing the same file again still acts. */
function takeFiles(e: ChangeEvent<HTMLInputElement>): File[] {
  const files = Array.from(e.target.files ?? []);
  e.target.value = '';
  return files;
}

/** Import a model from disk: a .zip, a folder of its files, or a PyTorch model's .safetensors. */
export function ModelImport() {
  const { t } = useT();
  const busy = useStore(libraryStore, (s) => s.busy !== null);
  const id = useId();
  return (
    <div className="library-block" role="group" aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`}>{t('library.import.heading')}</h4>
      <p id={`${id}-hint`} className="hint">
        {t('library.import.hint', { size: megabytes(MAX_IMPORT_BYTES) })}
      </p>
      <div className="button-row">
        <label className="file-button">
          {t('library.import.zip')}
          <input
            type="file"
            accept=".zip,application/zip"
            disabled={busy}
            aria-describedby={`${id}-hint`}
            onChange={(e) => {
              const [file] = takeFiles(e);
              if (file) void importModelZip(file);
            }}
          />
        </label>
        <label className="file-button">
          {t('library.import.folder')}
          <input
            type="file"
            disabled={busy}
            aria-describedby={`${id}-hint`}
            // webkitdirectory is not in React's types; the DOM property picks a folder.
            ref={(el) => {
              if (el) el.webkitdirectory = true;
            }}
            onChange={(e) => {
              const files = takeFiles(e);
              if (files.length) void importModelFolder(files);
            }}
          />
        </label>
        <label className="file-button">
          {t('library.import.torch')}
          <input
            type="file"
            accept=".safetensors,.json,application/json"
            multiple
            disabled={busy}
            aria-describedby={`${id}-torch-hint`}
            onChange={(e) => {
              const files = takeFiles(e);
              if (files.length) void importTorchModel(files);
            }}
          />
        </label>
      </div>
      <p id={`${id}-torch-hint`} className="hint">
        {t('library.import.torchHint')}
      </p>
    </div>
  );
}
