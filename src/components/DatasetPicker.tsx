import { DATASET_IDS, DATASETS, isDatasetId } from '../data/datasets';
import { useT } from '../i18n';
import { useStore } from '../state/createStore';
import { datasetSwitchStore, switchDataset } from '../state/datasetActions';
import { pageDataset } from '../state/pageDataset';

/** Which dataset the page shows (in the link as data=fashion-mnist); switching checks the files, then reloads. */
export function DatasetPicker() {
  const { t } = useT();
  const { checking, error } = useStore(datasetSwitchStore, (s) => s);
  return (
    <div className="dataset-picker">
      <label>
        {t('app.datasetSwitch.label')}{' '}
        <select
          value={checking ?? pageDataset()}
          disabled={checking !== null}
          onChange={(e) => {
            if (isDatasetId(e.target.value)) void switchDataset(e.target.value);
          }}
        >
          {DATASET_IDS.map((id) => (
            <option key={id} value={id}>
              {DATASETS[id].label}
            </option>
          ))}
        </select>
      </label>
      {checking && (
        <span className="hint" role="status">
          {t('app.datasetSwitch.checking', { name: DATASETS[checking].label })}
        </span>
      )}
      {error && (
        <p className="status-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
