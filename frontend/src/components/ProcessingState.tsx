/**
 * What the pipeline did with a document's files: "Đang xử lý" while text extraction, OCR, conversion or
 * indexing still runs (checked again every few seconds, so the clerk sees it finish), and on failure the
 * reason per file and stage, so nobody wonders why the document cannot be found by its text. A finished stage
 * may carry a notice (a linked picture left out of the converted PDF), shown the same way.
 */
import { useEffect } from 'react';
import { api, type Schemas } from '../api/client';
import { unwrap } from '../api/errors';
import { formatDateTime } from '../lib/dates';
import { PROCESSING_STATE, STAGE_STATUS } from '../lib/labels';
import { useLoad } from '../lib/useLoad';

const POLL_MS = 3000;

export function ProcessingBadge({ state }: { state: Schemas['DocumentState'] }) {
  return (
    <span className={`badge processing-${state}`} data-testid="processing-state">
      {PROCESSING_STATE[state]}
    </span>
  );
}

/** The document's processing: a badge and, when something failed, each failure with its reason. */
export function ProcessingState({
  documentId,
  files,
  version = 0,
}: {
  documentId: number;
  files: Schemas['FileOut'][];
  version?: number;
}) {
  const processing = useLoad(
    async () =>
      unwrap(await api.GET('/api/v1/documents/{document_id}/processing', { params: { path: { document_id: documentId } } })),
    [documentId, version],
  );
  const p = processing.data;
  const running = p?.state === 'processing';
  const { reload } = processing;
  useEffect(() => {
    if (!running) return;
    const timer = window.setTimeout(reload, POLL_MS);
    return () => window.clearTimeout(timer);
    // `reload` changes on every render; the pending state and the data are what matter
  }, [running, p]);
  if (!p || p.stages.length === 0) return null;
  const failures = p.stages.filter((s) => s.status === 'failed');
  const notices = p.stages.filter((s) => s.status === 'done' && s.notice);
  const fileName = (id: number | null) => files.find((f) => f.id === id)?.filename ?? (id ? `Tệp #${id}` : 'Văn bản');
  return (
    <div className={`processing processing-box-${p.state}`} role="status" aria-live="polite">
      <span className="muted small">Xử lý tệp (trích nội dung, nhận dạng chữ, lập chỉ mục): </span>
      <ProcessingBadge state={p.state} />
      {running && (
        <span className="muted small">
          {' '}
          {p.stages.filter((s) => s.status === 'done').length}/{p.stages.length} bước đã xong
        </span>
      )}
      {failures.length > 0 && (
        <ul className="processing-failures" aria-label="Lỗi khi xử lý tệp">
          {failures.map((s) => (
            <li key={s.id}>
              <strong>{fileName(s.file_id)}</strong> — {s.stage_label}: {s.error_message || 'Không rõ lý do.'}{' '}
              <span className="muted small">
                ({STAGE_STATUS[s.status]} sau {s.attempts} lần thử{s.finished_at ? `, ${formatDateTime(s.finished_at)}` : ''})
              </span>
            </li>
          ))}
        </ul>
      )}
      {notices.length > 0 && (
        <ul className="processing-notices" aria-label="Lưu ý khi xử lý tệp">
          {notices.map((s) => (
            <li key={s.id}>
              <strong>{fileName(s.file_id)}</strong> — {s.stage_label}: {s.notice}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
