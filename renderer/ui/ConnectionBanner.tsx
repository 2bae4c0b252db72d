/**
 * Says when the page has lost its host, and when it will try again.
 */
import { secondsUntil } from './format';
import { useDashboard } from './services';
import { useNow } from './use-now';

export function ConnectionBanner() {
  const status = useDashboard((s) => s.connection);
  const now = useNow(status.kind === 'closed' && status.retryAt !== null);
  if (status.kind === 'open' || (status.kind === 'connecting' && status.attempt <= 1)) return null;
  const text =
    status.kind === 'connecting'
      ? `Reconnecting (attempt ${status.attempt})…`
      : `${status.reason}${status.retryAt !== null ? ` — retrying in ${secondsUntil(status.retryAt, now)} s` : ''}`;
  return (
    <div className="connection-banner" role="alert">
      {text}
    </div>
  );
}
