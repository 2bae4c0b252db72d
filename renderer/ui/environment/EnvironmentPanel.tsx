/**
 * The environment's tab above an instance's terminal, beside the crash panel: closed it is
 * one button, open it shows "Environment of web.1". A changed `.env` shows on the button too.
 */
import { useState } from 'react';
import type { InstanceId } from '../../../shared/model';
import { EnvironmentView } from './EnvironmentView';
import './environment.css';

export function EnvironmentPanel({ id }: { id: InstanceId }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="environment-panel">
      <div className="environment-tabs" role="tablist" aria-label={`Views of ${id}`}>
        <button type="button" role="tab" aria-selected={!open} onClick={() => setOpen(false)}>
          Terminal
        </button>
        <button type="button" role="tab" aria-selected={open} onClick={() => setOpen(true)}>
          Environment
        </button>
      </div>
      {open && <EnvironmentView id={id} />}
    </div>
  );
}
