import type { ReactNode } from 'react';
import { ErrorBoundary, type FallbackProps } from 'react-error-boundary';
import { useT } from '../i18n';

/**
 * Every panel sits in one of these: an error while rendering one panel shows
 * the error there, with a way back, and the rest of the page carries on.
 * (react-error-boundary: the well-kept form of React's class-only error
 * boundaries, with a reset.)
 */
function PanelError({ error, resetErrorBoundary, name }: FallbackProps & { name: string }) {
  const { t } = useT();
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="notice notice-error panel-error" role="alert">
      <p>{t('app.panelError.stopped', { name, message })}</p>
      <button type="button" onClick={resetErrorBoundary}>
        {t('app.panelError.again', { name })}
      </button>
    </div>
  );
}

export function PanelBoundary({ name, children }: { name: string; children: ReactNode }) {
  return <ErrorBoundary fallbackRender={(props) => <PanelError {...props} name={name} />}>{children}</ErrorBoundary>;
}
