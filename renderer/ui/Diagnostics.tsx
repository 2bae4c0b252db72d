/**
 * Procfile and .env warnings and errors, each with its file and line.
 */
import { useDashboard } from './services';

export function Diagnostics() {
  const diagnostics = useDashboard((s) => s.diagnostics);
  if (diagnostics.length === 0) return null;
  return (
    <section className="diagnostics" aria-label="Problems">
      <ul>
        {diagnostics.map((d, i) => (
          <li key={`${d.file}:${d.line}:${i}`} className={d.severity}>
            <span className="severity">{d.severity === 'error' ? '✖ error' : '⚠ warning'}</span>
            <code className="where">
              {d.file.split('/').pop()}
              {d.line > 0 ? `:${d.line}` : ''}
            </code>
            <span className="message">{d.message}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
