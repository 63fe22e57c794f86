/**
 * Kiểm tra thể thức và căn cứ: the draft's paragraphs on the left, the findings beside them on the right.
 * Each finding names its place ("Đoạn 14", "Lề trang") and, for a paragraph, jumps to and marks it; the
 * mechanical fixes are one button away and make a new version, which is checked again at once.
 */
import { useEffect, useRef, useState } from 'react';
import { api, type Schemas } from '../../api/client';
import { errorMessage, unwrap } from '../../api/errors';
import { ErrorBox, Notice } from '../../components/ui';
import { formatDateTime } from '../../lib/dates';

type Run = Schemas['CheckRunOut'];
type Finding = Schemas['FindingOut'];

const PLACE: Record<string, string> = {
  paragraph: 'Đoạn',
  section: 'Lề và khổ trang, phần',
  styles: 'Kiểu chữ mặc định',
  page: 'Trang',
  document: 'Toàn văn bản',
};

export function placeOf(where: Finding['where']): string {
  const label = PLACE[where.kind] ?? where.kind;
  return where.index != null ? `${label} ${where.index}` : label;
}

const POLL_MS = 2000;
const MAX_PLACES = 12; // a finding over a whole draft lists its first places and counts the rest

export function DraftChecks({
  documentId,
  canFix,
  onNewVersion,
}: {
  documentId: number;
  canFix: boolean;
  onNewVersion: () => void;
}) {
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [marked, setMarked] = useState<number | null>(null);
  const textRef = useRef<HTMLOListElement>(null);
  const path = { params: { path: { document_id: documentId } } };

  async function latest() {
    const runs = unwrap(await api.GET('/api/v1/drafts/{document_id}/checks', path));
    setRun(runs.items[0] ?? null);
    return runs.items[0] ?? null;
  }

  useEffect(() => {
    latest().catch((e) => setError(errorMessage(e)));
  }, [documentId]);

  // a large draft is checked by the worker: ask again until the run is no longer pending
  useEffect(() => {
    if (run?.status !== 'pending') return;
    const timer = setTimeout(() => latest().catch((e) => setError(errorMessage(e))), POLL_MS);
    return () => clearTimeout(timer);
  }, [run]);

  async function act(work: () => Promise<void>) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await work();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const check = () =>
    act(async () => {
      const next = unwrap(await api.POST('/api/v1/drafts/{document_id}/checks', path));
      setRun(next);
      setMarked(null);
      if (next.status === 'pending') setNotice('Tệp lớn: đang kiểm tra, kết quả sẽ hiện khi xong.');
    });

  const fix = () =>
    act(async () => {
      const fixed = unwrap(await api.POST('/api/v1/drafts/{document_id}/checks/fix', path));
      setRun(fixed.check);
      setMarked(null);
      setNotice(`Đã sửa tự động và lưu phiên bản ${fixed.file.version}.`);
      onNewVersion();
    });

  function show(where: Finding['where']) {
    if (where.kind !== 'paragraph' || where.index == null) return;
    setMarked(where.index);
    textRef.current?.querySelector(`[data-paragraph="${where.index}"]`)?.scrollIntoView({ block: 'center' });
  }

  const findings = run?.findings ?? [];
  const flagged = new Set(
    findings.flatMap((f) => f.places).filter((place) => place.kind === 'paragraph').map((place) => place.index),
  );
  const groups: [string, Finding[]][] = [
    ['Thể thức, kỹ thuật trình bày', findings.filter((f) => f.check === 'format')],
    ['Căn cứ pháp lý', findings.filter((f) => f.check === 'legal')],
  ];

  return (
    <section className="checks" aria-labelledby="checks-title">
      <div className="page-title">
        <h2 id="checks-title">Kiểm tra thể thức và căn cứ</h2>
        <div className="actions">
          <button type="button" className="primary" disabled={busy} onClick={check}>
            {busy ? 'Đang kiểm tra…' : 'Kiểm tra'}
          </button>
          {canFix && run?.status === 'done' && run.fixable_count > 0 && (
            <button type="button" disabled={busy} onClick={fix}>
              Sửa tự động {run.fixable_count} lỗi
            </button>
          )}
        </div>
      </div>
      <Notice message={notice} />
      <ErrorBox message={error} />
      {!run && <p className="muted">Chưa kiểm tra. Bấm “Kiểm tra” để rà soát thể thức và căn cứ của phiên bản mới nhất.</p>}
      {run?.status === 'pending' && (
        <p className="muted" role="status">
          Đang kiểm tra phiên bản {run.file_version}…
        </p>
      )}
      {run?.status === 'failed' && <ErrorBox message={`Không kiểm tra được phiên bản ${run.file_version}: ${run.error_message}`} />}
      {run?.status === 'done' && (
        <>
          <p role="status" className="check-summary">
            Phiên bản {run.file_version}, kiểm tra lúc {formatDateTime(run.created_at)}:{' '}
            {findings.length === 0
              ? 'không phát hiện sai sót.'
              : `${run.error_count} lỗi, ${run.warning_count} cảnh báo${run.fixable_count ? `, ${run.fixable_count} lỗi sửa tự động được` : ''}.`}
          </p>
          <div className="check-split">
            <ol className="draft-text" ref={textRef} aria-label="Nội dung dự thảo">
              {run.paragraphs
                .filter((p) => p.text.trim())
                .map((p) => (
                  <li
                    key={p.index}
                    value={p.index}
                    data-paragraph={p.index}
                    className={[flagged.has(p.index) ? 'flagged' : '', marked === p.index ? 'marked' : ''].join(' ').trim() || undefined}
                  >
                    {p.text}
                  </li>
                ))}
            </ol>
            <div className="findings">
              {groups.map(([title, items]) => (
                <div key={title}>
                  <h3>
                    {title} <span className="badge">{items.length}</span>
                  </h3>
                  {items.length === 0 ? (
                    <p className="muted small">Không có sai sót.</p>
                  ) : (
                    <ul className="finding-list" aria-label={title}>
                      {items.map((f, i) => (
                        <li key={i} className={`finding finding-${f.severity}`} data-code={f.code}>
                          <div>
                            <span className={`badge ${f.severity === 'error' ? 'badge-secret' : 'badge-urgent'}`}>
                              {f.severity === 'error' ? 'Lỗi' : 'Cảnh báo'}
                            </span>{' '}
                            <strong className="finding-rule">{f.rule}</strong>{' '}
                            {f.fixable && <span className="badge status-completed">Sửa tự động được</span>}
                          </div>
                          <p>{f.message}</p>
                          <p className="small finding-places">
                            {f.places.length > 1 ? `${f.places.length} chỗ: ` : ''}
                            {f.places.slice(0, MAX_PLACES).map((place, j) => (
                              <span key={j}>
                                {j > 0 && ', '}
                                {place.kind === 'paragraph' && place.index != null ? (
                                  <button type="button" className="link" onClick={() => show(place)}>
                                    {placeOf(place)}
                                  </button>
                                ) : (
                                  placeOf(place)
                                )}
                              </span>
                            ))}
                            {f.places.length > MAX_PLACES && ` và ${f.places.length - MAX_PLACES} chỗ khác`}
                          </p>
                          {f.places.length === 1 && f.where.text && <blockquote className="small">«{f.where.text}»</blockquote>}
                          <dl className="small finding-values">
                            <dt>Hiện tại</dt>
                            <dd>{f.found || '—'}</dd>
                            <dt>Yêu cầu</dt>
                            <dd>{f.expected || '—'}</dd>
                          </dl>
                          {f.record && (
                            <p className="small muted">
                              Văn bản trong cơ sở dữ liệu: {f.record.type} số {f.record.number} — {f.record.title}
                            </p>
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              ))}
            </div>
          </div>
        </>
      )}
    </section>
  );
}
