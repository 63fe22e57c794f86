/** Lịch sử xử lý: events in time order, newest last, each with who and when. */
import { formatDateTime } from '../lib/dates';

export interface TimelineEvent {
  at: string;
  who: string;
  what: string;
  detail?: string;
}

export function Timeline({ events }: { events: TimelineEvent[] }) {
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));
  if (sorted.length === 0) return <p className="muted">Chưa có sự kiện nào.</p>;
  return (
    <ol className="timeline" aria-label="Lịch sử xử lý">
      {sorted.map((e, i) => (
        <li key={i}>
          <time dateTime={e.at}>{formatDateTime(e.at)}</time>
          <div>
            <strong>{e.what}</strong>
            {e.who && <span> — {e.who}</span>}
            {e.detail && <p className="small">{e.detail}</p>}
          </div>
        </li>
      ))}
    </ol>
  );
}
