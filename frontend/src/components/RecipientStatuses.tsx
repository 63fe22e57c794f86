/** A released document's status at each outside recipient, with what each one reported and when. */
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { formatDateTime } from '../lib/dates';
import { recipientSummary } from '../lib/exchange';
import { useLoad } from '../lib/useLoad';
import { ErrorBox, Loading } from './ui';

export function RecipientStatuses({ documentId }: { documentId: number }) {
  const statuses = useLoad(
    async () =>
      unwrap(await api.GET('/api/v1/exchange/documents/{document_id}/statuses', { params: { path: { document_id: documentId } } })),
    [documentId],
  );
  if (statuses.loading && !statuses.data) return <Loading what="tình trạng liên thông" />;
  if (statuses.error) return <ErrorBox message={statuses.error} />;
  const recipients = statuses.data?.recipients ?? [];
  if (recipients.length === 0) return <p className="muted">Văn bản không gửi liên thông tới cơ quan bên ngoài nào.</p>;
  return (
    <ul className="recipient-list" aria-label="Tình trạng theo nơi nhận">
      {recipients.map((r) => {
        const summary = recipientSummary(r);
        return (
          <li key={r.organ_id}>
            <div>
              <strong>{r.organ_name || r.organ_id}</strong> <span className="muted small">({r.organ_id})</span>{' '}
              <span className={`badge tone-${summary.tone}`}>{summary.text}</span>
              {summary.reason && <span className="reason"> Lý do: {summary.reason}</span>}
              {summary.note && <span className="muted small"> — {summary.note}</span>}
            </div>
            {r.history.length > 0 && (
              <ol className="status-history" aria-label={`Diễn biến tại ${r.organ_name || r.organ_id}`}>
                {r.history.map((h, i) => (
                  <li key={i}>
                    <time>{formatDateTime(h.occurred_at)}</time> {h.label}
                    {h.description && ` — ${h.description}`}
                    {h.staff && <span className="muted small"> ({h.staff})</span>}
                  </li>
                ))}
              </ol>
            )}
          </li>
        );
      })}
    </ul>
  );
}
