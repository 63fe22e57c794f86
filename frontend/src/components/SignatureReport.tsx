/**
 * Chữ ký số: the validation report of a document's signed PDF, said plainly — who signed, when, whether the
 * signature is valid, and if not, why (the server's Vietnamese messages). Validation reads the whole file,
 * so it runs when asked.
 */
import { useState } from 'react';
import { api, type Schemas } from '../api/client';
import { errorMessage, unwrap } from '../api/errors';
import { formatDateTime } from '../lib/dates';
import { ErrorBox } from './ui';

/** The trust profiles the server names (signing/vn_trust.py), said as a reader knows them. */
const TRUST_PROFILE: Record<string, string> = {
  government: 'chứng thư số chuyên dùng Chính phủ (Ban Cơ yếu Chính phủ)',
  public: 'chứng thư số công cộng (Root CA quốc gia)',
  configured: 'chứng thư gốc do quản trị cấu hình',
};

const KIND: Record<Schemas['SignatureOut']['signer_kind'], string> = {
  person: 'Chữ ký của người có thẩm quyền',
  agency: 'Chữ ký số của cơ quan',
  timestamp: 'Dấu thời gian của văn bản',
};

export function SignatureReport({ documentId }: { documentId: number }) {
  const [report, setReport] = useState<Schemas['SignaturesOut'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function verify() {
    setBusy(true);
    setError(null);
    try {
      setReport(
        unwrap(await api.GET('/api/v1/documents/{document_id}/signatures', { params: { path: { document_id: documentId } } })),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="signatures" aria-labelledby="signatures-title">
      <div className="page-title">
        <h2 id="signatures-title">Chữ ký số</h2>
        <div className="actions">
          <button type="button" disabled={busy} onClick={verify}>
            {busy ? 'Đang xác thực…' : 'Xác thực chữ ký số'}
          </button>
        </div>
      </div>
      <ErrorBox message={error} />
      {report && (
        <>
          <p role="status" className={report.valid ? 'verdict verdict-ok' : 'verdict verdict-bad'}>
            {report.signatures.length === 0
              ? `Tệp “${report.file.filename}” không có chữ ký số.`
              : report.valid
                ? `Tệp “${report.file.filename}”: tất cả ${report.signatures.length} chữ ký đều hợp lệ.`
                : `Tệp “${report.file.filename}”: có chữ ký không hợp lệ.`}
          </p>
          <ul className="signature-list" aria-label="Các chữ ký số">
            {report.signatures.map((s, i) => (
              <li key={i} className={s.valid ? 'ok' : 'bad'}>
                <div>
                  <strong>{s.report.signer?.common_name ?? 'Không rõ người ký'}</strong>{' '}
                  <span className={`badge ${s.valid ? 'status-completed' : 'badge-secret'}`}>{s.valid ? 'Hợp lệ' : 'Không hợp lệ'}</span>
                </div>
                <div className="small muted">
                  {KIND[s.signer_kind]}
                  {s.report.signer?.organization ? ` · ${s.report.signer.organization}` : ''}
                </div>
                <div className="small">
                  Ký lúc: {s.report.signing_time ? formatDateTime(s.report.signing_time) : 'không rõ'}
                  {s.report.level ? ` · chuẩn ${s.report.level}` : ''}
                </div>
                {s.report.trust_profile && (
                  <div className="small muted">Tin cậy theo: {TRUST_PROFILE[s.report.trust_profile] ?? s.report.trust_profile}</div>
                )}
                {s.report.problems.length > 0 && (
                  <ul className="small problems">
                    {s.report.problems.map((p) => (
                      <li key={p.code}>{p.message}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
