import { count } from './format';
import { useT } from '../i18n';
import { appStore } from '../state/appStore';
import { useStore } from '../state/createStore';
import { pageDatasetSpec } from '../state/pageDataset';

export function DatasetStatus() {
  const { t } = useT();
  const dataset = useStore(appStore, (s) => s.dataset);
  const { label: name, noun } = pageDatasetSpec();
  let text: string;
  switch (dataset.status) {
    case 'idle':
    case 'loading':
      text = t('app.dataset.loading', { name });
      break;
    case 'error':
      text = dataset.message;
      break;
    case 'ready':
      text = t(noun === 'digit' ? 'app.dataset.loaded' : 'app.dataset.loadedItems', {
        name,
        train: count(dataset.value.trainCount),
        test: count(dataset.value.testCount),
        ms: Math.round(dataset.value.loadMs),
      });
      break;
  }
  return (
    <p
      role="status"
      aria-label={t('app.dataset.name')}
      className={dataset.status === 'error' ? 'status status-error' : 'status'}
    >
      {text}
    </p>
  );
}
