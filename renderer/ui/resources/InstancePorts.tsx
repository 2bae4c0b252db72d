/**
 * The ports an instance's tree really listens on, each a link to it (opened in the user's
 * browser only on a click), and a warning when the tree ignores its $PORT.
 */
import type { InstanceId } from '../../../shared/model';
import { useServices } from '../services';
import { socketUrl } from './observations';
import { useObserved } from './observations-store';
import { PortConflict } from './PortConflict';
import '../../styles/resources.css';

export function InstancePorts({ id }: { id: InstanceId }) {
  const observed = useObserved(id);
  const { bridge } = useServices();
  const sockets = observed?.latest.sockets ?? [];
  const warning = observed?.latest.warnings.find((w) => w.includes('ignores $PORT'));
  return (
    <td className="instance-ports" aria-label={`Ports of ${id}`}>
      {sockets.length === 0 ? (
        <span className="dim">—</span>
      ) : (
        sockets.map((s) => {
          const url = socketUrl(s.address, s.port);
          return (
            <a
              key={`${s.address}|${s.port}`}
              className="port-link"
              href={url}
              title={`pid ${s.pid} listens on ${s.address}:${s.port}; open ${url}`}
              onClick={(e) => {
                e.preventDefault();
                bridge.openExternal(url);
              }}
            >
              {s.port}
              <span className="port-address">
                {s.address === '0.0.0.0' || s.address === '::' ? '' : ` ${s.address}`}
              </span>
            </a>
          );
        })
      )}
      <PortConflict id={id} />
      {warning && (
        <span className="port-warning" role="note" title={warning}>
          {' '}
          ⚠ {warning}
        </span>
      )}
    </td>
  );
}
