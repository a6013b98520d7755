import type { ComponentChildren } from 'preact';
import { useErrorBoundary } from 'preact/hooks';

/**
 * A screen that throws while rendering shows what happened and a way on,
 * never a blank page. Keyed by path where it is used, so moving elsewhere
 * starts afresh.
 */
export function ErrorBoundary({ children }: { children: ComponentChildren }) {
  const [error, reset] = useErrorBoundary();
  if (error) {
    return (
      <div class="notice notice-error" role="alert">
        <div>
          <strong>This screen ran into a problem</strong>
          <p>{error instanceof Error ? error.message : String(error)}</p>
        </div>
        <button type="button" class="btn btn-small" onClick={reset}>Try again</button>
      </div>
    );
  }
  return <>{children}</>;
}
