import { ApiError, errorMessage } from '../api/api-error';

interface ErrorNoticeProps {
  error: unknown;
  onRetry?: () => void;
  /** What was being attempted, e.g. "Could not load articles". */
  title?: string;
}

/** A failed request, with the API's own message, never a blank screen. */
export function ErrorNotice({ error, onRetry, title }: ErrorNoticeProps) {
  const status = error instanceof ApiError && error.status > 0 ? ` (${error.status} ${error.errorName})` : '';
  return (
    <div class="notice notice-error" role="alert">
      <div>
        {title ? <strong>{title}{status}</strong> : null}
        <p>{errorMessage(error)}</p>
      </div>
      {onRetry ? <button type="button" class="btn btn-small" onClick={onRetry}>Try again</button> : null}
    </div>
  );
}
