import type { ReactNode } from 'react';
import { ErrorBoundary, type FallbackProps } from 'react-error-boundary';

/**
 * Every panel sits in one of these: an error while rendering one panel shows
 * the error there, with a way back, and the rest of the page carries on.
 * (react-error-boundary: the well-kept form of React's class-only error
 * boundaries, with a reset.)
 */
function PanelError({ error, resetErrorBoundary, name }: FallbackProps & { name: string }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="notice notice-error panel-error" role="alert">
      <p>
        {name} stopped with an error: {message}
      </p>
      <button type="button" onClick={resetErrorBoundary}>
        Show {name} again
      </button>
    </div>
  );
}

export function PanelBoundary({ name, children }: { name: string; children: ReactNode }) {
  return <ErrorBoundary fallbackRender={(props) => <PanelError {...props} name={name} />}>{children}</ErrorBoundary>;
}
