/**
 * Where a terminal from the registry is shown. The component owns only the container:
 * mounting attaches the registry's terminal element, unmounting takes it out again, and
 * the terminal (with its scrollback) lives on.
 */
import { useLayoutEffect, useRef } from 'react';
import type { TerminalId } from '../store/view';
import { useServices } from './services';

export function TerminalView({ viewId, label }: { viewId: TerminalId; label: string }) {
  const { terminals } = useServices();
  const container = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const element = container.current;
    if (!element) return;
    terminals.attach(viewId, element);
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => terminals.fit(viewId));
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      terminals.detach(viewId, element);
    };
  }, [terminals, viewId]);
  return <div className="terminal-view" ref={container} role="group" aria-label={label} data-view={viewId} />;
}
