/**
 * An instance that could not start because its PORT is taken: who holds it, and the offer
 * to stop that holder when it is the user's (the host checks again before signalling).
 */
import { useEffect, useState } from 'react';
import type { PortHolder } from '../../../shared/contract';
import type { InstanceId } from '../../../shared/model';
import { useCall, useDashboard } from '../services';

export function PortConflict({ id }: { id: InstanceId }) {
  const instance = useDashboard((s) => s.instances.get(id));
  const call = useCall();
  const conflicted =
    instance?.state.kind === 'failed' && instance.state.reason.startsWith(`PORT ${instance.port} is already taken`);
  const failedAt = instance?.state.kind === 'failed' ? instance.state.at : 0;
  const [holder, setHolder] = useState<PortHolder | null>(null);
  const [stopping, setStopping] = useState(false);
  useEffect(() => {
    if (!conflicted) return;
    let current = true;
    void call('ports.holder', { instance: id }).then((h) => current && setHolder(h));
    return () => {
      current = false;
    };
  }, [call, conflicted, failedAt, id]);
  if (!conflicted || !holder || holder.pid === null) return null;
  const pid = holder.pid;
  return (
    <span className="port-conflict" role="group" aria-label={`Port conflict of ${id}`}>
      {holder.ours ? (
        <button
          type="button"
          disabled={stopping}
          title={`SIGTERM to pid ${pid} (${holder.command}), then start ${id}`}
          onClick={() => {
            setStopping(true);
            void call('ports.stopHolder', { instance: id, pid }).finally(() => setStopping(false));
          }}
        >
          Stop pid {pid}
          {holder.procdeckInstance ? ` (${holder.procdeckInstance})` : ''}
        </button>
      ) : (
        <span className="dim">held by pid {pid}, not yours</span>
      )}{' '}
      <span className="dim" title="procdeck -p BASE, or the PORT in .env">
        or move the base port
      </span>
    </span>
  );
}
