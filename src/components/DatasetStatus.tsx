import { appStore } from '../state/appStore';
import { useStore } from '../state/createStore';

const count = (n: number) => n.toLocaleString('en-US');

export function DatasetStatus() {
  const dataset = useStore(appStore, (s) => s.dataset);
  let text: string;
  switch (dataset.status) {
    case 'idle':
    case 'loading':
      text = 'Loading MNIST…';
      break;
    case 'error':
      text = dataset.message;
      break;
    case 'ready':
      text = `MNIST loaded: ${count(dataset.value.trainCount)} training / ${count(dataset.value.testCount)} test digits (${Math.round(dataset.value.loadMs)} ms)`;
      break;
  }
  return (
    <p role="status" aria-label="Dataset" className={dataset.status === 'error' ? 'status status-error' : 'status'}>
      {text}
    </p>
  );
}
