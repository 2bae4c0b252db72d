/**
 * A run's variables, sorted, each with its origin and the definitions it overrode;
 * secret-looking values masked until their Reveal button is pressed.
 */
import { useState } from 'react';
import { looksSecret, originLabel, type EnvVariable } from '../../../shared/environment';

/** Env files by name only (`.env`), as the user wrote them; the full path shows on hover. */
const fileName = (path: string) => path.slice(path.lastIndexOf('/') + 1) || path;

const MASK = '••••••••';

export function EnvironmentTable({ variables, label }: { variables: readonly EnvVariable[]; label: string }) {
  return (
    <table className="environment-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Variable</th>
          <th scope="col">Value</th>
          <th scope="col">Origin</th>
        </tr>
      </thead>
      <tbody>
        {variables.map((v) => (
          <EnvironmentRow key={v.name} variable={v} />
        ))}
      </tbody>
    </table>
  );
}

function EnvironmentRow({ variable }: { variable: EnvVariable }) {
  const secret = looksSecret(variable.name, variable.value);
  const [revealed, setRevealed] = useState(false);
  const hidden = secret && !revealed;
  const { origin, overridden } = variable;
  return (
    <tr aria-label={variable.name}>
      <th scope="row">
        <code>{variable.name}</code>
      </th>
      <td className="env-value">
        <code aria-label={`Value of ${variable.name}`}>{hidden ? MASK : variable.value}</code>
        {secret && (
          <button
            type="button"
            className="link-button"
            aria-pressed={revealed}
            aria-label={`${revealed ? 'Hide' : 'Reveal'} ${variable.name}`}
            onClick={() => setRevealed(!revealed)}
          >
            {revealed ? 'Hide' : 'Reveal'}
          </button>
        )}
      </td>
      <td className="env-origin">
        <span title={origin.kind === 'file' ? `${origin.file}:${origin.line}` : undefined}>
          {originLabel(origin, fileName)}
        </span>
        {overridden.length > 0 && (
          <ul className="env-overridden" aria-label={`Overridden definitions of ${variable.name}`}>
            {overridden.map((d, i) => (
              <li key={i} className="dim">
                overrides {originLabel(d.origin, fileName)}
                {d.origin.kind !== 'procdeck' && <>: {hidden ? MASK : <code>{d.value}</code>}</>}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
