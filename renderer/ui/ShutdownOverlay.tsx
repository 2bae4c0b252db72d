/**
 * Desktop only: while the shell stops this window's formation (closing, quitting), say
 * what is still being stopped and when SIGKILL follows.
 */
import { secondsUntil } from './format';
import { useDashboard } from './services';
import { useNow } from './use-now';

export function ShutdownOverlay() {
  const progress = useDashboard((s) => s.shutdown);
  const now = useNow(progress !== null && progress.phase === 'stopping');
  if (!progress) return null;
  return (
    <div className="shutdown" role="alertdialog" aria-label="Stopping the formation">
      <div className="card">
        <h1>{progress.phase === 'done' ? 'All processes stopped' : 'Stopping the formation…'}</h1>
        {progress.phase === 'stopping' && (
          <>
            <p className="dim">
              {progress.forced || progress.killAt === null
                ? 'Killing what is left.'
                : `Whatever is left gets SIGKILL in ${secondsUntil(progress.killAt, now)} s. Ask again to kill at once.`}
            </p>
            <ul>
              {progress.stopping.map((s) => (
                <li key={s.id}>
                  <code>{s.id}</code> pid {s.pid}{' '}
                  {s.escalated ? '· SIGKILL sent' : `· SIGKILL in ${secondsUntil(s.killAt, now)} s`}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
