/**
 * The open project's ports overlap another open project's (in this or another Procdeck
 * host): say which, and offer the next free base. The host is asked again whenever the
 * project or its ports change; a click moves the project there (it restarts on the new
 * ports, and the host remembers the base for this folder).
 */
import { useEffect, useState } from 'react';
import type { PortRangeOffer as Offer } from '../../../shared/contract';
import '../../styles/port-range-offer.css';
import { runCall, useDashboard, useServices } from '../services';

export function PortRangeOffer() {
  // The services object is stable (useCall's function is new on every render, which would ask again and again).
  const services = useServices();
  const dir = useDashboard((s) => s.project?.dir ?? null);
  const base = useDashboard((s) => (s.types.length > 0 ? Math.min(...s.types.map((t) => t.basePort)) : null));
  // The answer with the project and base it was asked for: one for another project or base is not shown.
  const [answer, setAnswer] = useState<{ key: string; offer: Offer | null } | null>(null);
  const key = `${dir ?? ''}|${base ?? ''}`;
  const [moving, setMoving] = useState(false);
  useEffect(() => {
    if (dir === null || base === null) return;
    let current = true;
    void runCall(services, 'ports.offer', {}).then((o) => current && setAnswer({ key, offer: o }));
    return () => {
      current = false;
    };
  }, [services, dir, base, key]);
  const offer = answer?.key === key ? answer.offer : null;
  if (!offer) return null;
  const { other } = offer;
  const next = offer.base;
  const size = offer.to - offer.from;
  return (
    <div className="port-range-offer" role="status" aria-label="Port range overlap">
      <span>
        Ports {offer.from}–{offer.to} overlap <strong title={other.dir}>{other.name}</strong> ({other.from}–{other.to},
        open in pid {other.pid}).
      </span>{' '}
      {next === null ? (
        <span className="dim">No free base up to 65535: set PORT in .env.</span>
      ) : (
        <button
          type="button"
          disabled={moving}
          title="Restarts this project's processes on the new ports; remembered for this folder"
          onClick={() => {
            setMoving(true);
            void runCall(services, 'ports.moveBase', { basePort: next }).finally(() => setMoving(false));
          }}
        >
          Use ports {next}–{next + size}
        </button>
      )}
    </div>
  );
}
