/**
 * Everything about an instance's crashes without reading the terminal: how it ended,
 * when, after how long, its last lines (with `file.js:42` links to the editor), the
 * environment that run had, the earlier crashes, and Restart.
 */
import { type ExitStatus, type InstanceId } from '../../shared/model';
import { CrashEnvironment } from './environment/EnvironmentView';
import { LinkedLines } from './environment/LinkedText';
import { describeState, formatClock, formatDuration } from './format';
import { useCall, useDashboard } from './services';
import { useNow } from './use-now';

export function exitSentence(exit: ExitStatus): string {
  return exit.kind === 'code' ? `exit code ${exit.code}` : `killed by ${exit.signal}`;
}

export function CrashPanel({ id }: { id: InstanceId }) {
  const instance = useDashboard((s) => s.instances.get(id));
  const close = useDashboard((s) => s.closeCrash);
  const call = useCall();
  const now = useNow(true);
  const latest = instance?.crashes.at(-1);
  if (!instance || !latest) return null;
  const earlier = instance.crashes.slice(0, -1).reverse();
  const state = describeState(instance.state, now);
  return (
    <section className="crash-panel" aria-label={`Crash of ${id}`}>
      <header>
        <span className="crash-icon" aria-hidden="true">
          ✖
        </span>
        <h2>
          {id} crashed: {exitSentence(latest.exit)}
        </h2>
        {instance.state.kind !== 'crashed' && <span className="crash-now dim">now {state.label}</span>}
        <span className="buttons">
          <button
            type="button"
            className="primary"
            aria-label={`Restart ${id}`}
            onClick={() => void call('process.restart', { target: { scope: 'instance', instance: id } })}
          >
            ↻ Restart
          </button>
          <button type="button" aria-label="Close the crash panel" onClick={close}>
            ✕
          </button>
        </span>
      </header>
      <dl className="crash-facts">
        <dt>exit</dt>
        <dd>{exitSentence(latest.exit)}</dd>
        <dt>when</dt>
        <dd>
          {formatClock(latest.at)} ({formatDuration(now - latest.at)} ago)
        </dd>
        <dt>after</dt>
        <dd>{formatDuration(latest.uptimeMs)} up</dd>
        <dt>run</dt>
        <dd>#{latest.run}</dd>
        <dt>command</dt>
        <dd>
          <code>{latest.command}</code>
        </dd>
      </dl>
      <h3>Last output</h3>
      <pre className="last-lines" aria-label={`Last output of ${id}`}>
        {latest.lastLines.length > 0 ? <LinkedLines lines={latest.lastLines} /> : '(no output)'}
      </pre>
      <CrashEnvironment key={latest.run} id={id} run={latest.run} />
      {earlier.length > 0 && (
        <details className="crash-history">
          <summary>Earlier crashes ({earlier.length})</summary>
          <ol>
            {earlier.map((c) => (
              <li key={`${c.at}-${c.run}`}>
                {formatClock(c.at)} · {exitSentence(c.exit)} · after {formatDuration(c.uptimeMs)} · run #{c.run}
                {c.lastLines.length > 0 && <span className="dim"> · {c.lastLines.at(-1)}</span>}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}
