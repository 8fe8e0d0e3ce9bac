import { useT } from '../i18n';
import { appStore } from '../state/appStore';
import { useStore } from '../state/createStore';

export function BackendStatus() {
  const { t } = useT();
  const backend = useStore(appStore, (s) => s.backend);
  let text: string;
  let warning: string | null = null;
  switch (backend.status) {
    case 'idle':
      text = t('app.backend.starting');
      break;
    case 'loading':
      text = backend.detail ?? t('app.backend.starting');
      break;
    case 'error':
      text = backend.message;
      break;
    case 'ready': {
      const { name, renderer, softwareRendered, threads, skipped } = backend.value;
      text = t('app.backend.ready', { name });
      if (renderer) text += t('app.backend.renderer', { renderer });
      if (threads !== null)
        text += threads === 1 ? t('app.backend.oneThread') : t('app.backend.threads', { count: threads });
      if (threads === 1 && typeof crossOriginIsolated !== 'undefined' && !crossOriginIsolated) {
        warning = t('app.backend.notIsolated');
      }
      if (skipped?.length) {
        const list = skipped.map((s) => t(`app.backend.skip.${s.reason}`, { name: s.name })).join(', ');
        text += t('app.backend.autoSkipped', { list });
      }
      if (softwareRendered) warning = t(name === 'webgpu' ? 'app.backend.softwareWebgpu' : 'app.backend.softwareWebgl');
    }
  }
  return (
    <div className="backend-status">
      <p
        role="status"
        aria-label={t('app.backend.name')}
        className={backend.status === 'error' ? 'status status-error' : 'status'}
      >
        {text}
      </p>
      {warning && <p className="status status-warning">{warning}</p>}
    </div>
  );
}
