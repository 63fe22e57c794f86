/** Nhật ký văn bản: every recorded step about a document (from the audit trail), oldest first, with who. */
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { formatDateTime } from '../lib/dates';
import { useLoad } from '../lib/useLoad';
import { ErrorBox, Loading } from './ui';

export function DocumentHistory({ documentId, version = 0 }: { documentId: number; version?: number }) {
  const history = useLoad(
    async () => unwrap(await api.GET('/api/v1/documents/{document_id}/history', { params: { path: { document_id: documentId } } })),
    [documentId, version],
  );
  if (history.loading && !history.data) return <Loading what="nhật ký" />;
  if (history.error) return <ErrorBox message={history.error} />;
  const items = history.data?.items ?? [];
  if (items.length === 0) return <p className="muted">Chưa có sự kiện nào.</p>;
  return (
    <ol className="timeline" aria-label="Nhật ký văn bản">
      {items.map((e) => (
        <li key={e.seq}>
          <time dateTime={e.at}>{formatDateTime(e.at)}</time>
          <div>
            <strong>{e.label}</strong>
            {e.actor_name && <span> — {e.actor_name}</span>}
            {e.detail && <p className="small">{e.detail}</p>}
          </div>
        </li>
      ))}
    </ol>
  );
}
