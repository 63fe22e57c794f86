/**
 * The bell in the top bar: how many notifications (deadline reminders) are unread, and the list to open a
 * document from or mark as read. Checked again every minute and whenever the list is opened.
 */
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type Schemas } from '../api/client';
import { errorMessage, unwrap } from '../api/errors';
import { formatDate, formatDateTime } from '../lib/dates';
import { NOTIFICATION_KINDS } from '../lib/labels';
import { unreadBadge } from '../lib/reports';
import { useLoad } from '../lib/useLoad';
import { ErrorBox } from './ui';

const REFRESH_MS = 60_000;

export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const list = useLoad(async () => unwrap(await api.GET('/api/v1/notifications', { params: { query: { limit: 20 } } })), []);
  const panel = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const { reload } = list;

  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, []);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (!panel.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  async function markRead(item: Schemas['NotificationOut']) {
    setError(null);
    try {
      unwrap(await api.POST('/api/v1/notifications/{notification_id}/read', { params: { path: { notification_id: item.id } } }));
      reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  const unread = list.data?.unread ?? 0;
  const badge = unreadBadge(unread);
  return (
    <div className="bell">
      <button
        ref={button}
        type="button"
        className="bell-button"
        aria-label={badge.label}
        aria-expanded={open}
        aria-controls="thong-bao"
        data-testid="notification-bell"
        onClick={() => {
          if (!open) reload();
          setOpen(!open);
        }}
      >
        <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="currentColor">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z" />
        </svg>
        {badge.text && (
          <span className="bell-count" aria-hidden="true">
            {badge.text}
          </span>
        )}
      </button>
      {open && (
        <div id="thong-bao" ref={panel} className="bell-panel" role="region" aria-label="Thông báo">
          <h2>Thông báo</h2>
          <ErrorBox message={error ?? list.error} />
          {list.data?.items.length === 0 && <p className="muted">Chưa có thông báo nào.</p>}
          <ul className="notification-list" aria-label="Danh sách thông báo">
            {list.data?.items.map((n) => (
              <li key={n.id} className={n.read_at ? 'read' : 'unread'}>
                <div>
                  <span className={`badge notification-${n.kind}`}>{NOTIFICATION_KINDS[n.kind]}</span>{' '}
                  {n.document_id ? (
                    <Link to={`/van-ban/${n.document_id}`} onClick={() => setOpen(false)}>
                      {n.title}
                    </Link>
                  ) : (
                    <strong>{n.title}</strong>
                  )}
                </div>
                {n.message && <p>{n.message}</p>}
                <div className="muted small">
                  {n.due_date && `Hạn ${formatDate(n.due_date)} · `}
                  {formatDateTime(n.created_at)}
                  {!n.read_at && (
                    <>
                      {' · '}
                      <button type="button" className="link" onClick={() => markRead(n)} aria-label={`Đánh dấu đã đọc: ${n.title}`}>
                        Đánh dấu đã đọc
                      </button>
                    </>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
