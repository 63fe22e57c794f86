/**
 * Chi tiết văn bản đi: the current PDF beside the metadata, the versions and comments, the approval route
 * with its decisions, and the one next step the signed-in person may take (submit, approve / return / reject,
 * sign, issue the number with the agency signature, release).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useLocation, useParams } from 'react-router-dom';
import { api, type Schemas } from '../../api/client';
import { errorMessage, unwrap } from '../../api/errors';
import { useAuth } from '../../auth';
import { DocumentHistory } from '../../components/DocumentHistory';
import { DocumentLinks, SupersededNotice } from '../../components/DocumentLinks';
import { DropZone } from '../../components/DropZone';
import { Attachments, isAttachment } from './Attachments';
import { FileList, isPdf } from '../../components/FileList';
import { PdfPreview } from '../../components/PdfPreview';
import { ProcessingState } from '../../components/ProcessingState';
import { RecipientStatuses } from '../../components/RecipientStatuses';
import { SignatureReport } from '../../components/SignatureReport';
import { SigningPin } from '../../components/SigningPin';
import { ErrorBox, Field, Loading, Notice, PageTitle, StatusBadge, UrgencyBadges } from '../../components/ui';
import { formatDate, formatDateTime, formatLongDate } from '../../lib/dates';
import { DECISIONS, DELIVERY_STATUS, RECIPIENT_KINDS, ROLES, RUN_STATUS, SECRECY, URGENCY } from '../../lib/labels';
import { useDirectory } from '../../lib/people';
import { useLoad } from '../../lib/useLoad';
import { DraftChecks } from './DraftChecks';
import { ReasonDialog } from './ReasonDialog';
import { ConfirmDialog, type Confirmation } from '../../components/ConfirmDialog';
import { ReleaseForm } from './ReleaseForm';
import { signWithToken, TokenSignButton } from './TokenSign';
import { ReplaceActions } from './ReplaceActions';

type Detail = Schemas['OutgoingDetail'];
const PREFERENCE: Schemas['FileRole'][] = ['issued', 'signed', 'draft', 'attachment', 'original'];

/** A preview source: a stored PDF, or the PDF the pipeline converted a DOCX draft to (what the leader signs). */
type PreviewSource = { fileId: number; url: string; title: string };

/** file id → the converted PDF of that DOCX draft, once the pipeline's convert stage is done. */
function convertedPdfs(documentId: number, stages: Schemas['StageOut'][] | undefined): Map<number, string> {
  const found = new Map<number, string>();
  for (const s of stages ?? []) {
    if (s.stage === 'convert' && s.has_pdf && s.file_id != null)
      found.set(s.file_id, `/api/v1/documents/${documentId}/processing/${s.id}/pdf`);
  }
  return found;
}

function currentPdf(files: Schemas['FileOut'][], converted: Map<number, string>): Schemas['FileOut'] | undefined {
  const pdfs = files.filter((f) => isPdf(f) || converted.has(f.id));
  for (const role of PREFERENCE) {
    const ofRole = pdfs.filter((f) => f.role === role).sort((a, b) => b.version - a.version || b.id - a.id);
    if (ofRole.length) return ofRole[0];
  }
  return undefined;
}

/** Ký số is final: the approved version is signed and can no longer be changed. */
const SIGN_CONFIRMATION = (title: string) => ({
  title: 'Xác nhận ký số',
  message: (
    <p>
      Đồng chí ký số văn bản “{title}”, đúng phiên bản đã được duyệt. Sau khi ký, văn bản không thể sửa.
    </p>
  ),
  confirm: 'Ký số',
});

export function OutgoingDetailPage() {
  const id = Number(useParams().id);
  const location = useLocation();
  const { me, hasRole } = useAuth();
  const doc = useLoad(
    async () => unwrap(await api.GET('/api/v1/outgoing/{document_id}', { params: { path: { document_id: id } } })),
    [id],
  );
  const names = useDirectory();
  const fileCount = doc.data?.files.length ?? 0;
  const processing = useLoad(
    async () => unwrap(await api.GET('/api/v1/documents/{document_id}/processing', { params: { path: { document_id: id } } })),
    [id, fileCount],
  );
  const converting = processing.data?.state === 'processing';
  const reloadProcessing = processing.reload;
  useEffect(() => {
    if (!converting) return;
    const timer = window.setTimeout(reloadProcessing, 3000);
    return () => window.clearTimeout(timer);
    // poll while the pipeline runs, so the converted draft appears without a reload
  }, [converting, processing.data]);
  const [preview, setPreview] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice ?? null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [comment, setComment] = useState('');
  const [version, setVersion] = useState<File[]>([]);
  const [reasonFor, setReasonFor] = useState<'return' | 'reject' | null>(null);
  const [recalling, setRecalling] = useState(false);
  const [confirming, setConfirming] = useState<Confirmation | null>(null);
  const [pin, setPin] = useState('');
  const [source, setSource] = useState<'pkcs12' | 'smartca'>('pkcs12');
  const isLeader = hasRole('lanh_dao_don_vi');
  const remote = useLoad(
    async () => (isLeader ? unwrap(await api.GET('/api/v1/me/remote-signing')) : null),
    [isLeader],
  );
  const smartca = !!remote.data?.enabled && !!remote.data.account;
  const signingToken = useLoad(
    async () => (isLeader ? unwrap(await api.GET('/api/v1/me/signing-token')) : null),
    [isLeader],
  );
  const onToken = !!signingToken.data?.registered;
  const remoteSignature = doc.data?.remote_signature;
  const waitingForPhone =
    remoteSignature?.state === 'pending' && remoteSignature.provider === 'smartca' && remoteSignature.user_id === me?.id;
  const setDoc = doc.setData;
  useEffect(() => {
    if (!waitingForPhone) return;
    // ask every few seconds while the leader approves on the phone; the server finishes the signature
    const timer = window.setTimeout(async () => {
      try {
        setDoc(unwrap(await api.POST('/api/v1/outgoing/{document_id}/remote-signature/check', { params: { path: { document_id: id } } })));
      } catch (e) {
        setError(errorMessage(e));
      }
    }, 3000);
    return () => window.clearTimeout(timer);
  }, [waitingForPhone, doc.data]);

  if (doc.loading && !doc.data) return <Loading what="văn bản" />;
  if (doc.error && !doc.data)
    return (
      <section>
        <PageTitle>Văn bản đi</PageTitle>
        <ErrorBox message={doc.error} />
      </section>
    );
  const d = doc.data!;
  const path = { params: { path: { document_id: id } } };
  const converted = convertedPdfs(id, processing.data?.stages);
  const previewable = (f: Schemas['FileOut']) => isPdf(f) || converted.has(f.id);
  const chosen = d.files.find((f) => f.id === preview && previewable(f)) ?? currentPdf(d.files, converted);
  const previewFile: PreviewSource | undefined = chosen && {
    fileId: chosen.id,
    url: isPdf(chosen) ? chosen.download_path : converted.get(chosen.id)!,
    title: isPdf(chosen) ? chosen.filename : `${chosen.filename} (bản PDF chuyển đổi)`,
  };
  const newestDraft = d.files.filter((f) => f.role === 'draft').at(-1);
  const draftConverting = !!newestDraft && !previewable(newestDraft);
  const mine = me?.id === d.created_by_id;
  const editable = (d.status === 'draft' || d.status === 'returned') && mine;
  const checkable = ['draft', 'returned', 'submitted'].includes(d.status) && d.files.some((f) => f.role === 'draft');
  const signed = d.files.some((f) => f.role === 'signed' || f.role === 'issued');
  const waitingForMe = d.status === 'submitted' && !!d.run && !!me && d.run.waiting_for.includes(me.id);
  const who = (userId: number) => names.data?.user(userId) ?? '';

  async function act(run: () => Promise<Detail | null>, done: string) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const next = await run();
      if (next) doc.setData(next);
      else doc.reload();
      setNotice(done);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const decide = (decision: 'return' | 'reject', reason: string) =>
    act(
      async () =>
        unwrap(
          decision === 'return'
            ? await api.POST('/api/v1/outgoing/{document_id}/return', { ...path, body: { reason, step: d.run?.position } })
            : await api.POST('/api/v1/outgoing/{document_id}/reject', { ...path, body: { reason, step: d.run?.position } }),
        ),
      decision === 'return' ? 'Đã trả lại văn bản để sửa.' : 'Đã không duyệt văn bản.',
    ).then(() => setReasonFor(null));

  const recall = (reason: string) =>
    act(
      async () => unwrap(await api.POST('/api/v1/outgoing/{document_id}/recall', { ...path, body: { reason } })),
      'Đã thu hồi văn bản; nơi nhận bên ngoài được gửi đề nghị thu hồi.',
    ).then(() => setRecalling(false));

  async function addComment(event: FormEvent) {
    event.preventDefault();
    if (!comment.trim()) return;
    await act(async () => {
      unwrap(await api.POST('/api/v1/outgoing/{document_id}/comments', { ...path, body: { text: comment.trim() } }));
      return null;
    }, 'Đã gửi góp ý.');
    setComment('');
  }

  async function uploadVersion(event: FormEvent) {
    event.preventDefault();
    const file = version[0];
    if (!file) return;
    await act(async () => {
      unwrap(
        await api.POST('/api/v1/outgoing/{document_id}/versions', {
          ...path,
          body: { file: '' },
          bodySerializer: () => {
            const data = new FormData();
            data.append('file', file, file.name);
            return data;
          },
        }),
      );
      return null;
    }, 'Đã tải lên phiên bản mới.');
    setVersion([]);
  }

  async function uploadAttachments(annexes: File[]) {
    await act(async () => {
      unwrap(
        await api.POST('/api/v1/outgoing/{document_id}/attachments', {
          ...path,
          body: { files: [] },
          bodySerializer: () => {
            const data = new FormData();
            for (const file of annexes) data.append('files', file, file.name);
            return data;
          },
        }),
      );
      return null;
    }, 'Đã thêm văn bản kèm theo.');
  }

  const drafts = d.files.filter((f) => f.role === 'draft');
  // an outside agency with a delivery is listed once, by its delivery line (which says where it stands)
  const listedRecipients = d.recipients.filter((r) => !(r.kind === 'external' && d.deliveries.some((x) => x.organ_id === r.organ_id)));
  // văn bản kèm theo have their own section (Attachments)
  const others = d.files.filter((f) => f.role !== 'draft' && !isAttachment(f));

  return (
    <section>
      <PageTitle
        actions={
          <>
            {editable && (
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={() => act(async () => unwrap(await api.POST('/api/v1/outgoing/{document_id}/submit', path)), 'Đã trình duyệt.')}
              >
                Trình duyệt
              </button>
            )}
            {waitingForMe && (
              <>
                <button
                  type="button"
                  className="primary"
                  disabled={busy}
                  onClick={() =>
                    act(
                      async () =>
                        unwrap(await api.POST('/api/v1/outgoing/{document_id}/approve', { ...path, body: { step: d.run?.position, reason: '' } })),
                      'Đã duyệt.',
                    )
                  }
                >
                  Duyệt
                </button>
                <button type="button" disabled={busy} onClick={() => setReasonFor('return')}>
                  Trả lại
                </button>
                <button type="button" className="danger" disabled={busy} onClick={() => setReasonFor('reject')}>
                  Không duyệt
                </button>
              </>
            )}
            {d.status === 'approved' && hasRole('lanh_dao_don_vi') && d.remote_signature?.state !== 'pending' && onToken && (
              <TokenSignButton
                busy={busy}
                subject={signingToken.data?.subject ?? ''}
                onSign={() =>
                  setConfirming({
                    ...SIGN_CONFIRMATION(d.title),
                    onConfirm: () => void act(() => signWithToken(id), 'Đã ký số văn bản bằng USB token.'),
                  })
                }
              />
            )}
            {d.status === 'approved' && hasRole('lanh_dao_don_vi') && d.remote_signature?.state !== 'pending' && !onToken && (
              <>
                {smartca && (
                  <label>
                    Ký bằng
                    <select value={source} onChange={(e) => setSource(e.target.value as 'pkcs12' | 'smartca')}>
                      <option value="pkcs12">Khóa ký số của tôi (mã PIN)</option>
                      <option value="smartca">VNPT SmartCA (xác nhận trên điện thoại)</option>
                    </select>
                  </label>
                )}
                <SigningPin
                  value={pin}
                  onChange={setPin}
                  label={smartca && source === 'smartca' ? 'Mật khẩu VNPT SmartCA' : 'Mã PIN ký số'}
                />
                <button
                  type="button"
                  className="primary"
                  disabled={busy || !pin}
                  onClick={() =>
                    setConfirming({
                      ...SIGN_CONFIRMATION(d.title),
                      onConfirm: () =>
                        void act(
                          async () => {
                            const body = { pin, source: smartca ? source : 'pkcs12' } as const;
                            setPin('');
                            return unwrap(await api.POST('/api/v1/outgoing/{document_id}/sign', { ...path, body }));
                          },
                          smartca && source === 'smartca' ? 'Đã gửi yêu cầu ký tới điện thoại.' : 'Đã ký số văn bản.',
                        ),
                    })
                  }
                >
                  {busy ? 'Đang ký…' : 'Ký số'}
                </button>
              </>
            )}
            {d.status === 'signed' && hasRole('van_thu') && (
              <>
                <SigningPin value={pin} onChange={setPin} label="Mã PIN ký số của cơ quan" />
                <button
                  type="button"
                  className="primary"
                  disabled={busy || !pin}
                  onClick={() =>
                    setConfirming({
                      title: 'Xác nhận cấp số và ký số cơ quan',
                      message: (
                        <p>
                          Văn bản “{d.title}” sẽ nhận số tiếp theo trong sổ văn bản đi và ngày ban hành hôm nay, được ghi
                          lên văn bản, rồi được ký số của cơ quan. Không thể hoàn tác bước này.
                        </p>
                      ),
                      confirm: 'Cấp số và ký',
                      onConfirm: () =>
                        void act(async () => {
                          const body = { pin };
                          setPin('');
                          return unwrap(await api.POST('/api/v1/outgoing/{document_id}/issue', { ...path, body }));
                        }, 'Đã cấp số và ký số cơ quan.'),
                    })
                  }
                >
                  {busy ? 'Đang cấp số…' : 'Cấp số và ký số cơ quan'}
                </button>
              </>
            )}
          </>
        }
      >
        {d.title}
      </PageTitle>
      <p>
        <StatusBadge status={d.status} /> <UrgencyBadges urgency={d.urgency} secrecy={d.secrecy} />
      </p>
      <ProcessingState documentId={id} files={d.files} version={d.files.length} />
      <SupersededNotice links={d.links ?? []} />
      <Notice message={notice} />
      <ErrorBox message={error} />
      {d.remote_signature?.state === 'pending' && d.remote_signature.provider === 'smartca' && (
        <p role="status" className="remote-signature">
          Chờ xác nhận trên điện thoại (VNPT SmartCA) — {who(d.remote_signature.user_id)}
        </p>
      )}
      {d.remote_signature?.state === 'pending' && d.remote_signature.provider === 'token' && (
        <p role="status" className="remote-signature">
          Đang chờ chữ ký bằng USB token — {who(d.remote_signature.user_id)}
          {d.remote_signature.user_id === me?.id && !busy && (
            <>
              {' '}
              <button
                type="button"
                onClick={() =>
                  act(
                    async () => unwrap(await api.POST('/api/v1/outgoing/{document_id}/token-signature/cancel', path)),
                    'Đã hủy yêu cầu ký bằng USB token.',
                  )
                }
              >
                Hủy yêu cầu ký
              </button>
            </>
          )}
        </p>
      )}
      {(d.remote_signature?.state === 'rejected' || d.remote_signature?.state === 'expired') && d.status === 'approved' && (
        <p className="remote-signature">Chữ ký từ xa chưa được tạo: {d.remote_signature.reason}</p>
      )}
      <div className="split">
        <div className="split-main">
          {draftConverting && (
            <p className="muted small" data-testid="draft-converting">
              Phiên bản dự thảo mới nhất (DOCX) đang được chuyển sang PDF; bản PDF sẽ hiện ở đây khi chuyển xong.
            </p>
          )}
          {previewFile ? (
            <PdfPreview url={previewFile.url} title={previewFile.title} />
          ) : (
            <p className="muted preview-empty">Chưa có bản PDF để xem trước (bản DOCX cần được chuyển sang PDF).</p>
          )}
        </div>
        <div className="split-side">
          <h2>Thông tin văn bản</h2>
          <dl className="kvs">
            <Field label="Số, ký hiệu">{d.number_symbol}</Field>
            <Field label="Ngày ban hành">{d.issue_date ? `${formatDate(d.issue_date)} (${formatLongDate(d.issue_date)})` : ''}</Field>
            <Field label="Loại văn bản">{d.doc_type_label}</Field>
            <Field label="Người soạn">{who(d.created_by_id)}</Field>
            <Field label="Ngày tạo">{formatDateTime(d.created_at)}</Field>
            <Field label="Độ khẩn">{URGENCY[d.urgency]}</Field>
            <Field label="Độ mật">{SECRECY[d.secrecy]}</Field>
            <Field label="Hạn hoàn thành">{formatDate(d.deadline)}</Field>
          </dl>
          <DocumentLinks links={d.links ?? []} />
          {(mine || hasRole('van_thu', 'lanh_dao_don_vi')) && <ReplaceActions document={d} />}
          <h2>Các phiên bản dự thảo</h2>
          <FileList files={drafts} previewId={previewFile?.fileId} onPreview={setPreview} previewable={previewable} />
          {others.length > 0 && (
            <>
              <h2>Bản ký và phát hành</h2>
              <FileList files={others} previewId={previewFile?.fileId} onPreview={setPreview} previewable={previewable} />
            </>
          )}
          <Attachments
            files={d.files}
            editable={editable}
            busy={busy}
            onAdd={uploadAttachments}
            previewId={previewFile?.fileId}
            onPreview={setPreview}
            previewable={previewable}
          />
          {editable && (
            <form onSubmit={uploadVersion} className="version-form">
              <DropZone files={version} onChange={setVersion} multiple={false} label="Tải lên phiên bản mới (DOCX hoặc PDF)" />
              <button type="submit" disabled={busy || version.length === 0}>
                Tải lên phiên bản
              </button>
            </form>
          )}
        </div>
      </div>
      {checkable && (
        <DraftChecks
          documentId={id}
          canFix={mine || (d.run?.steps.some((step) => !!me && step.user_ids.includes(me.id)) ?? false) || waitingForMe}
          onNewVersion={doc.reload}
        />
      )}
      {signed && <SignatureReport documentId={id} />}
      {d.run && (
        <>
          <h2>
            Luồng duyệt: {d.run.route_name} <span className="badge">{RUN_STATUS[d.run.status]}</span>
          </h2>
          <ol className="route-steps">
            {d.run.steps.map((step) => {
              const decisions = d.run!.decisions.filter((x) => x.position === step.position);
              const current = d.run!.status === 'in_progress' && d.run!.position === step.position;
              return (
                <li key={step.position} className={current ? 'current' : undefined} aria-current={current ? 'step' : undefined}>
                  <strong>{step.name || `Bước ${step.position}`}</strong>{' '}
                  <span className="muted small">
                    {[...step.roles.map((r) => ROLES[r]), ...step.user_ids.map(who)].join(', ')}
                    {step.consultation ? ' · góp ý song song' : ''}
                  </span>
                  {current && d.run!.waiting_for.length > 0 && (
                    <div className="small">Đang chờ: {d.run!.waiting_for.map(who).join(', ')}</div>
                  )}
                  {decisions.map((x, i) => (
                    <div key={i} className="small">
                      {DECISIONS[x.decision]} — {who(x.user_id)}, {formatDateTime(x.created_at)}
                      {x.reason && <>: “{x.reason}”</>}
                    </div>
                  ))}
                </li>
              );
            })}
          </ol>
        </>
      )}
      <h2>Góp ý</h2>
      {d.comments.length === 0 ? (
        <p className="muted">Chưa có góp ý.</p>
      ) : (
        <ul className="comments">
          {d.comments.map((c) => (
            <li key={c.id}>
              <strong>{who(c.author_id)}</strong> <span className="muted small">{formatDateTime(c.created_at)}</span>
              {c.file_version != null && <span className="muted small"> · phiên bản {c.file_version}</span>}
              <p>{c.text}</p>
            </li>
          ))}
        </ul>
      )}
      <form className="note-form" onSubmit={addComment}>
        <label className="wide">
          Góp ý mới
          <textarea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
        </label>
        <button type="submit" disabled={busy}>
          Gửi góp ý
        </button>
      </form>
      {d.status === 'issued' && hasRole('van_thu') && (
        <ReleaseForm
          documentId={id}
          names={names.data}
          onDone={(detail) => {
            doc.setData(detail);
            setNotice('Đã phát hành văn bản.');
          }}
        />
      )}
      {(d.recipients.length > 0 || d.deliveries.length > 0) && (
        <>
          <h2>Nơi nhận và liên thông</h2>
          <ul className="plain-list" aria-label="Nơi nhận và liên thông">
            {listedRecipients.map((r) => (
              <li key={`r${r.id}`}>
                {r.kind === 'department' ? names.data?.department(r.department_id) : r.name || r.organ_id}{' '}
                <span className="muted small">({RECIPIENT_KINDS[r.kind]})</span>
                {r.incoming_document_id && <span className="badge">Đã nhận</span>}
              </li>
            ))}
            {d.deliveries.map((x) => (
              <li key={`x${x.id}`}>
                {x.organ_name} <span className="muted small">({x.organ_id} · {RECIPIENT_KINDS.external})</span>{' '}
                <span className="badge">{DELIVERY_STATUS[x.status]}</span>
              </li>
            ))}
          </ul>
          {d.status === 'released' && hasRole('van_thu', 'lanh_dao_don_vi') && (
            <button type="button" className="danger" disabled={busy} onClick={() => setRecalling(true)}>
              Thu hồi văn bản đã phát hành
            </button>
          )}
          {d.recipients.some((r) => r.kind === 'external') && (d.status === 'released' || d.status === 'recalled') && (
            <>
              <h3>Tình trạng liên thông</h3>
              <RecipientStatuses documentId={id} />
            </>
          )}
        </>
      )}
      <h2>Nhật ký văn bản</h2>
      <DocumentHistory documentId={id} version={d.files.length * 100 + (d.run?.decisions.length ?? 0)} />
      <ConfirmDialog confirmation={confirming} onClose={() => setConfirming(null)} />
      <ReasonDialog
        title={reasonFor === 'reject' ? 'Không duyệt văn bản' : 'Trả lại văn bản để sửa'}
        confirm={reasonFor === 'reject' ? 'Không duyệt' : 'Trả lại'}
        open={reasonFor !== null}
        onClose={() => setReasonFor(null)}
        onConfirm={(reason) => decide(reasonFor ?? 'return', reason)}
      />
      <ReasonDialog
        title="Thu hồi văn bản đã phát hành"
        confirm="Thu hồi"
        open={recalling}
        onClose={() => setRecalling(false)}
        onConfirm={recall}
      />
    </section>
  );
}
