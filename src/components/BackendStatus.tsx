import { appStore } from '../state/appStore';
import { useStore } from '../state/createStore';

export function BackendStatus() {
  const backend = useStore(appStore, (s) => s.backend);
  let text: string;
  let warning: string | null = null;
  switch (backend.status) {
    case 'idle':
      text = 'Starting TensorFlow.js…';
      break;
    case 'loading':
      text = backend.detail ?? 'Starting TensorFlow.js…';
      break;
    case 'error':
      text = backend.message;
      break;
    case 'ready': {
      const { name, renderer, softwareRendered, threads } = backend.value;
      text = `Backend: ${name}`;
      if (renderer) text += ` (${renderer})`;
      if (threads !== null) text += ` (${threads} thread${threads === 1 ? '' : 's'})`;
      if (threads === 1 && typeof crossOriginIsolated !== 'undefined' && !crossOriginIsolated) {
        warning =
          'One WebAssembly thread only: this page is not cross-origin isolated, so it cannot share memory with ' +
          'threads. Serve it with the headers Cross-Origin-Opener-Policy: same-origin and ' +
          'Cross-Origin-Embedder-Policy: require-corp (see the README).';
      }
      if (softwareRendered) {
        warning =
          'WebGL is software-rendered here (no GPU), so it is slower than WebAssembly: choose wasm or Auto in the training settings.';
      }
    }
  }
  return (
    <div className="backend-status">
      <p
        role="status"
        aria-label="Active backend"
        className={backend.status === 'error' ? 'status status-error' : 'status'}
      >
        {text}
      </p>
      {warning && <p className="status status-warning">{warning}</p>}
    </div>
  );
}
