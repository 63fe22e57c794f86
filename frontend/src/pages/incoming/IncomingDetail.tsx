/**
 * Chi tiết văn bản đến: PDF preview beside the metadata, the leader's direction (ý kiến chỉ đạo) above the
 * assignments with their deadlines, the cooperating units' contributions, handling notes, completion, and the
 * history timeline built from what the document itself records.
 */
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api, type Schemas } from '../../api/client';
import { errorMessage, unwrap } from '../../api/errors';
import { FileList, isPdf } from '../../components/FileList';
import { PdfPreview } from '../../components/PdfPreview';
import { ProcessingState } from '../../components/ProcessingState';
import { DocumentHistory } from '../../components/DocumentHistory';
import { DocumentLinks, SupersededNotice } from '../../components/DocumentLinks';
import { SignatureReport } from '../../components/SignatureReport';
import { Timeline, type TimelineEvent } from '../../components/Timeline';
import { DeadlineBadge, ErrorBox, Field, Loading, Notice, PageTitle, StatusBadge, UrgencyBadges } from '../../components/ui';
import { formatDate, formatDateTime, formatLongDate } from '../../lib/dates';
import { ASSIGNMENT_ROLES, ASSIGNMENT_STATUS, NOTE_KINDS, SECRECY, URGENCY } from '../../lib/labels';
import { useDirectory, type Directory } from '../../lib/people';
import { useLoad } from '../../lib/useLoad';
import { AssignDialog } from './AssignDialog';
import { Extensions, HandlingToolbar, TakeBack } from './HandlingActions';

type Detail = Schemas['IncomingDetail'];

function historyOf(doc: Detail, names: Directory | null): TimelineEvent[] {
  const who = (id: number | null | undefined) => names?.user(id) ?? '';
  const events: TimelineEvent[] = [];
  events.push({
    at: doc.arrived_at ?? doc.created_at,
    who: who(doc.created_by_id),
    what: `Vào sổ văn bản đến${doc.register_number ? ` số ${doc.register_number}` : ''}`,
  });
  for (const a of doc.assignments) {
    const target = a.user_id ? who(a.user_id) : (names?.department(a.department_id) ?? '');
    events.push({
      at: a.created_at,
      who: who(a.assigned_by_id),
      what: `Giao ${ASSIGNMENT_ROLES[a.role].toLowerCase()}: ${target}`,
      detail: [a.deadline ? `Hạn: ${formatDate(a.deadline)}` : '', a.instruction].filter(Boolean).join(' · '),
    });
  }
  for (const p of doc.presentations) {
    events.push({ at: p.created_at, who: who(p.presented_by_id), what: `Trình lãnh đạo: ${who(p.leader_id)}`, detail: p.note });
  }
  for (const d of doc.directions) {
    events.push({ at: d.created_at, who: d.author_name, what: 'Ý kiến chỉ đạo', detail: d.text });
  }
  for (const c of doc.contributions) {
    events.push({ at: c.created_at, who: c.author_name, what: 'Ý kiến phối hợp', detail: c.text });
  }
  for (const n of doc.notes) {
    events.push({ at: n.created_at, who: n.author_name, what: NOTE_KINDS[n.kind], detail: n.text });
  }
  if (doc.completed_at) events.push({ at: doc.completed_at, who: '', what: 'Hoàn thành xử lý' });
  return events;
}

export function IncomingDetailPage() {
  const id = Number(useParams().id);
  const location = useLocation();
  const doc = useLoad(
    async () => unwrap(await api.GET('/api/v1/incoming/{document_id}', { params: { path: { document_id: id } } })),
    [id],
  );
  const names = useDirectory();
  const [assignOpen, setAssignOpen] = useState(false);
  const [assignDirect, setAssignDirect] = useState(false);
  const [preview, setPreview] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [noteKind, setNoteKind] = useState<'note' | 'result'>('note');
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice ?? null);
  const [actionError, setActionError] = useState<string | null>(null);

  if (doc.loading && !doc.data) return <Loading what="văn bản" />;
  if (doc.error && !doc.data)
    return (
      <section>
        <PageTitle>Văn bản đến</PageTitle>
        <ErrorBox message={doc.error} />
      </section>
    );
  const d = doc.data!;
  const pdfs = d.files.filter(isPdf);
  const previewFile = d.files.find((f) => f.id === preview) ?? pdfs[0];
  const open = !['completed', 'recalled'].includes(d.status);
  const waiting = open ? d.presentations.find((p) => !p.answered_at) : undefined;
  const fileOf = (fileId: number | null | undefined) => d.files.find((f) => f.id === fileId);

  async function act(run: () => Promise<Detail>, done: string) {
    setActionError(null);
    setNotice(null);
    try {
      doc.setData(await run());
      setNotice(done);
    } catch (e) {
      setActionError(errorMessage(e));
    }
  }

  function changed(detail: Detail, done: string) {
    setActionError(null);
    doc.setData(detail);
    setNotice(done);
  }

  async function addNote(event: FormEvent) {
    event.preventDefault();
    if (!note.trim()) return;
    await act(
      async () =>
        unwrap(
          await api.POST('/api/v1/incoming/{document_id}/notes', {
            params: { path: { document_id: id } },
            body: { text: note, kind: noteKind },
          }),
        ),
      'Đã ghi ý kiến.',
    );
    setNote('');
  }

  return (
    <section>
      <PageTitle
        actions={
          <HandlingToolbar
            detail={d}
            onAssign={(direct) => {
              setAssignDirect(direct);
              setAssignOpen(true);
            }}
            onDone={changed}
            onError={setActionError}
          />
        }
      >
        {d.title}
      </PageTitle>
      <p>
        <StatusBadge status={d.status} />{' '}
        {waiting && (
          <span className="badge badge-urgent" title={waiting.note || undefined}>
            Chờ lãnh đạo cho ý kiến: {names.data?.user(waiting.leader_id)}
          </span>
        )}{' '}
        <UrgencyBadges urgency={d.urgency} secrecy={d.secrecy} />{' '}
        {d.deadline && <DeadlineBadge deadline={d.deadline} done={!open} daysLeft={d.days_left} workingDays={d.days_counted === 'ngay_lam_viec'} />}{' '}
        <a className="button" href={`/api/v1/incoming/${id}/slip.pdf`} download>
          In phiếu xử lý
        </a>
      </p>
      <ProcessingState documentId={id} files={d.files} version={d.files.length} />
      <SupersededNotice links={d.links ?? []} />
      <Notice message={notice} />
      <ErrorBox message={actionError} />
      <div className="split">
        <div className="split-main">
          {previewFile ? (
            <PdfPreview url={previewFile.download_path} title={previewFile.filename} />
          ) : (
            <p className="muted preview-empty">Văn bản không có tệp PDF để xem trước.</p>
          )}
        </div>
        <div className="split-side">
          <h2>Thông tin văn bản</h2>
          <dl className="kvs">
            <Field label="Số đến">{d.register_number ?? ''}</Field>
            <Field label="Ngày đến">{formatDateTime(d.arrived_at)}</Field>
            <Field label="Số, ký hiệu">{d.number_symbol}</Field>
            <Field label="Loại văn bản">{d.doc_type_label}</Field>
            <Field label="Cơ quan ban hành">{d.issuer}</Field>
            <Field label="Ngày ban hành">{d.issue_date ? `${formatDate(d.issue_date)} (${formatLongDate(d.issue_date)})` : ''}</Field>
            <Field label="Hạn xử lý">{d.deadline ? formatDate(d.deadline) : ''}</Field>
            <Field label="Độ khẩn">{URGENCY[d.urgency]}</Field>
            <Field label="Độ mật">{SECRECY[d.secrecy]}</Field>
            <Field label="Số trang">{d.pages ?? ''}</Field>
          </dl>
          <DocumentLinks links={d.links ?? []} />
          <p>
            <Link
              className="button"
              to="/van-ban-di/soan-thao"
              state={{ links: { answers: [d.id], label: `Trả lời văn bản đến ${d.number_symbol ? `số ${d.number_symbol}` : d.title}` } }}
            >
              Soạn văn bản trả lời
            </Link>
          </p>
          <h2>Tệp</h2>
          <FileList files={d.files} previewId={previewFile?.id} onPreview={setPreview} />
        </div>
      </div>
      {d.directions.length > 0 && (
        <section className="directions" aria-label="Ý kiến chỉ đạo">
          <h2>Ý kiến chỉ đạo</h2>
          {d.directions.map((x) => (
            <blockquote key={x.id}>
              <p>{x.text}</p>
              <footer>
                {x.author_name}, {formatDateTime(x.created_at)}
              </footer>
            </blockquote>
          ))}
        </section>
      )}
      <h2>Phân công xử lý</h2>
      {d.assignments.length === 0 ? (
        <p className="muted">Chưa phân công.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Phân công xử lý">
            <thead>
              <tr>
                <th>Vai trò</th>
                <th>Người/đơn vị</th>
                <th>Hạn</th>
                <th>Trạng thái</th>
                <th>Ý kiến giao</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {d.assignments.map((a) => (
                <tr key={a.id}>
                  <td>{ASSIGNMENT_ROLES[a.role]}</td>
                  <td>{a.user_id ? names.data?.user(a.user_id) : names.data?.department(a.department_id)}</td>
                  <td>
                    <DeadlineBadge deadline={a.deadline} done={!['pending', 'in_progress'].includes(a.status)} daysLeft={a.days_left} workingDays={d.days_counted === 'ngay_lam_viec'} />
                  </td>
                  <td>
                    {ASSIGNMENT_STATUS[a.status]}
                    {a.seen_at ? ` lúc ${formatDateTime(a.seen_at)}` : ''}
                  </td>
                  <td>{a.instruction}</td>
                  <td>{a.may_take_back && <TakeBack documentId={id} assignmentId={a.id} onDone={changed} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {d.contributions.length > 0 && (
        <>
          <h2>Ý kiến phối hợp</h2>
          <div className="table-wrap">
            <table aria-label="Ý kiến phối hợp">
              <thead>
                <tr>
                  <th>Người gửi</th>
                  <th>Thời gian</th>
                  <th>Ý kiến</th>
                  <th>Tệp</th>
                </tr>
              </thead>
              <tbody>
                {d.contributions.map((c) => {
                  const file = fileOf(c.file_id);
                  return (
                    <tr key={c.id}>
                      <td>{c.author_name}</td>
                      <td>{formatDateTime(c.created_at)}</td>
                      <td>{c.text}</td>
                      <td>{file && <a href={file.download_path}>{file.filename}</a>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
      <Extensions
        detail={d}
        who={(userId) => names.data?.user(userId) ?? ''}
        formatDate={formatDate}
        onDone={changed}
        onError={setActionError}
      />
      {d.actions.includes('note') && (
        <form className="note-form" onSubmit={addNote}>
          <h2>Ý kiến xử lý</h2>
          <label>
            Loại
            <select value={noteKind} onChange={(e) => setNoteKind(e.target.value as 'note' | 'result')}>
              <option value="note">Ý kiến</option>
              <option value="result">Kết quả xử lý</option>
            </select>
          </label>
          <label className="wide">
            Nội dung
            <textarea rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="submit">Ghi ý kiến</button>
        </form>
      )}
      <h2>Lịch sử xử lý</h2>
      <Timeline events={historyOf(d, names.data)} />
      <details className="audit-log">
        <summary>Nhật ký đầy đủ của văn bản</summary>
        <DocumentHistory documentId={id} version={d.assignments.length} />
      </details>
      {d.files.some((f) => f.content_type === 'application/pdf') && <SignatureReport documentId={id} />}
      <AssignDialog
        documentId={id}
        defaultDeadline={d.deadline}
        open={assignOpen}
        direct={assignDirect}
        onClose={() => setAssignOpen(false)}
        onDone={(detail, done) => {
          doc.setData(detail);
          setAssignOpen(false);
          setNotice(done);
        }}
      />
    </section>
  );
}
