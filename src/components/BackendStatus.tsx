import { appStore } from '../state/appStore';
import { useStore } from '../state/createStore';

export function BackendStatus() {
  const backend = useStore(appStore, (s) => s.backend);
  let text: string;
  switch (backend.status) {
    case 'idle':
    case 'loading':
      text = 'Starting TensorFlow.js…';
      break;
    case 'error':
      text = backend.message;
      break;
    case 'ready': {
      const { name, renderer, softwareRendered, threads } = backend.value;
      text = `Backend: ${name}`;
      if (renderer) text += ` (${renderer}${softwareRendered ? ', software-rendered' : ''})`;
      if (threads !== null) text += ` (${threads} thread${threads === 1 ? '' : 's'})`;
    }
  }
  return (
    <p role="status" aria-label="Backend" className={backend.status === 'error' ? 'status status-error' : 'status'}>
      {text}
    </p>
  );
}
