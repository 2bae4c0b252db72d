/**
 * Short-lived messages: crashes, refused calls, what a reload changed. The newest few,
 * each dismissable; info fades sooner than errors.
 */
import { useEffect } from 'react';
import type { NoticeItem } from '../store/host-state';
import { useDashboard } from './services';

const VISIBLE = 4;
const LIFETIME = { info: 6000, warning: 12000, error: 15000 } as const;

export function Notices() {
  const notices = useDashboard((s) => s.notices);
  const visible = notices.slice(-VISIBLE);
  return (
    <div className="notices" role="log" aria-label="Notices" aria-live="polite">
      {visible.map((item) => (
        <NoticeToast key={item.key} item={item} />
      ))}
    </div>
  );
}

function NoticeToast({ item }: { item: NoticeItem }) {
  const dismiss = useDashboard((s) => s.dismissNotice);
  const show = useDashboard((s) => s.show);
  const { notice } = item;
  useEffect(() => {
    const timer = setTimeout(() => dismiss(item.key), LIFETIME[notice.level]);
    return () => clearTimeout(timer);
  }, [dismiss, item.key, notice.level]);
  const instance = notice.instance;
  return (
    <div className={`notice ${notice.level}`}>
      <span className="notice-text">{notice.message}</span>
      {instance && (
        <button type="button" className="link" onClick={() => show(instance)}>
          Show
        </button>
      )}
      <button type="button" className="icon" aria-label="Dismiss" onClick={() => dismiss(item.key)}>
        ✕
      </button>
    </div>
  );
}
