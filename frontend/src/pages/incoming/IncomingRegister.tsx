/** Vào sổ văn bản đến: the received files (dropped or chosen), the sổ and the arrival time, every metadata
 * field of the decree; a possible duplicate is shown and registered only when the clerk confirms. The first
 * file is read at once (`POST /incoming/prefill`): the fields found fill what the clerk has not typed, each
 * marked "đọc từ văn bản" until she changes it. */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, type Schemas } from '../../api/client';
import { ApiError, errorMessage, unwrap } from '../../api/errors';
import type { IncomingMetadata } from '../../api/forms';
import { DocumentFields } from '../../components/DocumentFields';
import { DropZone } from '../../components/DropZone';
import { PdfPreview } from '../../components/PdfPreview';
import { ErrorBox, PageTitle } from '../../components/ui';
import { useLoad } from '../../lib/useLoad';
import { applyPrefill, type PrefillKey, readPlace } from './prefill';

type Create = IncomingMetadata & {
  register_id: number | null;
  arrived_at: string | null;
  confirm_duplicate: boolean;
  /** What the form filled from the document, so the server counts the fields the clerk corrected. */
  prefilled: { input_kind: Schemas['InputKind']; values: Partial<Record<PrefillKey, string>> } | null;
};

interface ExistingEntry {
  id: number;
  register_name: string;
  register_number: number;
  arrived_at: string | null;
}

/** The agency's wall clock as `YYYY-MM-DDTHH:mm` for a datetime-local field (sent without zone: agency time). */
function localNow(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

/** A PDF the browser can preview (by type, else by name). */
const isPdf = (file: File) => file.type === 'application/pdf' || file.name.toLowerCase().endsWith('.pdf');

/** The mark beside a field filled from the document, until the clerk changes it. */
function ReadMark({ show }: { show: boolean }) {
  return show ? (
    <small className="read-from" title="Giá trị đọc tự động từ tệp; kiểm tra và sửa nếu chưa đúng">
      {' '}
      (đọc từ văn bản)
    </small>
  ) : null;
}

/** The entries a 409 `incoming.possible_duplicate` names (those the clerk may read), else null. */
export function duplicatesOf(error: unknown): ExistingEntry[] | null {
  if (!(error instanceof ApiError) || error.code !== 'incoming.possible_duplicate') return null;
  const detail = error.detail as { existing?: ExistingEntry[] } | null;
  return detail?.existing ?? [];
}

export function IncomingRegister() {
  const navigate = useNavigate();
  const [files, setFiles] = useState<File[]>([]);
  const [form, setForm] = useState({
    title: '',
    doc_type: 'cong_van' as Schemas['DocumentType'],
    issuer: '',
    number: '',
    symbol: '',
    issue_date: '',
    urgency: 'thuong' as Schemas['Urgency'],
    secrecy: 'thuong' as Schemas['Secrecy'],
    deadline: '',
    pages: '',
    register_id: '',
    arrived_at: localNow(),
  });
  const [named, setNamed] = useState<number[]>([]);
  const [duplicates, setDuplicates] = useState<ExistingEntry[] | null>(null);
  const registers = useLoad(async () => unwrap(await api.GET('/api/v1/registers', {})), []);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const users = useLoad(async () => unwrap(await api.GET('/api/v1/users', { params: { query: { active: true } } })), []);

  // What the clerk has typed, and the form as it is now: the pre-fill answers seconds after the file is chosen
  // and must fill only what is still empty then, never what she typed while it was reading.
  const touched = useRef<Set<string>>(new Set());
  const current = useRef(form);
  current.current = form;
  const [readFrom, setReadFrom] = useState<ReadonlySet<PrefillKey>>(new Set());
  const [reading, setReading] = useState<string | null>(null);
  const [readDuplicates, setReadDuplicates] = useState<ExistingEntry[]>([]);
  const [readValues, setReadValues] = useState<Create['prefilled']>(null);
  // The answer of the pre-fill and the field the clerk is on: a field still marked "đọc từ văn bản" shows, in
  // the preview, the box it was read from.
  const [read, setRead] = useState<Schemas['PrefillOut'] | null>(null);
  const [focused, setFocused] = useState<PrefillKey | null>(null);
  const previewFile = files[0] && isPdf(files[0]) ? files[0] : null;
  const previewUrl = useMemo(() => (previewFile ? URL.createObjectURL(previewFile) : null), [previewFile]);
  useEffect(
    () => () => {
      if (previewUrl) URL.revokeObjectURL(previewUrl);
    },
    [previewUrl],
  );
  const highlight = readPlace(read, focused, readFrom);

  const change = (key: keyof typeof form, value: string) => {
    touched.current.add(key);
    current.current = { ...current.current, [key]: value };
    setForm(current.current);
    setReadFrom((was) => (was.has(key as PrefillKey) ? new Set([...was].filter((k) => k !== key)) : was));
  };
  const marked = (key: PrefillKey) => readFrom.has(key);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => change(key, e.target.value);

  async function readDocument(file: File) {
    setReading('Đang đọc thông tin từ văn bản…');
    try {
      const read = unwrap(
        await api.POST('/api/v1/incoming/prefill', {
          body: { file: file as unknown as string },
          bodySerializer: () => {
            const data = new FormData();
            data.append('file', file, file.name);
            return data;
          },
        }),
      );
      const { form: filledForm, filled } = applyPrefill(current.current, read, touched.current);
      current.current = filledForm;
      setForm(filledForm);
      setReadFrom(new Set(filled));
      setReadValues({ input_kind: read.input_kind, values: Object.fromEntries(filled.map((k) => [k, filledForm[k]])) });
      setRead(read);
      setReadDuplicates(read.duplicates as unknown as ExistingEntry[]);
      setReading(
        filled.length > 0
          ? 'Đã điền sẵn các trường đọc được từ văn bản; hãy kiểm tra lại trước khi vào sổ.'
          : 'Không đọc được thông tin nào từ văn bản; hãy nhập tay.',
      );
    } catch (e) {
      setReading(`Không đọc được thông tin từ tệp: ${errorMessage(e)}`);
    }
  }

  function chooseFiles(next: File[]) {
    if (next[0] !== files[0]) setRead(null);
    setFiles(next);
    if (next[0] && next[0] !== files[0]) void readDocument(next[0]);
  }

  async function submit(event: FormEvent, confirmDuplicate = false) {
    event.preventDefault();
    if (!form.title.trim() || !form.issuer.trim()) {
      setError('Vui lòng nhập trích yếu và cơ quan ban hành.');
      return;
    }
    if (files.length === 0) {
      setError('Văn bản đến cần ít nhất một tệp (văn bản giấy: đính kèm bản quét).');
      return;
    }
    const metadata: Create = {
      title: form.title,
      doc_type: form.doc_type,
      issuer: form.issuer,
      number: form.number,
      symbol: form.symbol,
      issue_date: form.issue_date || null,
      urgency: form.urgency,
      secrecy: form.secrecy,
      deadline: form.deadline || null,
      pages: form.pages ? Number(form.pages) : null,
      named_user_ids: form.secrecy === 'thuong' ? [] : named,
      register_id: form.register_id ? Number(form.register_id) : null,
      arrived_at: form.arrived_at || null,
      confirm_duplicate: confirmDuplicate,
      prefilled: readValues,
    };
    setBusy(true);
    setError(null);
    setDuplicates(null);
    try {
      const created = unwrap(
        await api.POST('/api/v1/incoming', {
          body: { metadata: JSON.stringify(metadata), files: files as unknown as string[] },
          bodySerializer: () => {
            const data = new FormData();
            data.append('metadata', JSON.stringify(metadata));
            for (const f of files) data.append('files', f, f.name);
            return data;
          },
        }),
      );
      navigate(`/van-ban-den/${created.id}`, { state: { notice: `Đã vào sổ văn bản đến số ${created.register_number}.` } });
    } catch (e) {
      setDuplicates(duplicatesOf(e));
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section>
      <PageTitle>Vào sổ văn bản đến</PageTitle>
      <form className="form-grid" onSubmit={submit} noValidate>
        <ErrorBox message={error} />
        {duplicates && (
          <div className="wide notice" role="alert">
            {duplicates.length > 0 && (
              <ul>
                {duplicates.map((d) => (
                  <li key={d.id}>
                    {d.register_name}, số đến {d.register_number}
                    {d.arrived_at && `, ngày ${new Date(d.arrived_at).toLocaleDateString('vi-VN')}`}
                  </li>
                ))}
              </ul>
            )}
            <button type="button" disabled={busy} onClick={(e) => submit(e, true)}>
              Vẫn vào sổ
            </button>
          </div>
        )}
        <DropZone files={files} onChange={chooseFiles} label="Tệp văn bản nhận được (PDF, DOCX, ảnh quét) *" />
        {reading && (
          <p className="wide notice" role="status">
            {reading}
          </p>
        )}
        {previewUrl && previewFile && (
          <div className="wide">
            <PdfPreview
              url={previewUrl}
              title={previewFile.name}
              highlight={highlight}
              highlightLabel="Vị trí đọc được trong văn bản"
            />
          </div>
        )}
        {readDuplicates.length > 0 && (
          <div className="wide notice" role="alert">
            Văn bản này có thể đã được vào sổ:
            <ul>
              {readDuplicates.map((d) => (
                <li key={d.id}>
                  {d.register_name}, số đến {d.register_number}
                  {d.arrived_at && `, ngày ${new Date(d.arrived_at).toLocaleDateString('vi-VN')}`}
                </li>
              ))}
            </ul>
          </div>
        )}
        <label>
          Sổ văn bản đến
          <select value={form.register_id} onChange={set('register_id')}>
            <option value="">Mặc định (sổ chung; văn bản mật: sổ mật)</option>
            {registers.data?.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
                {r.secret ? ' (mật)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Ngày giờ đến
          <input type="datetime-local" value={form.arrived_at} max={localNow()} onChange={set('arrived_at')} />
        </label>
        <DocumentFields
          fields={['title', 'doc_type', 'issuer', 'number', 'symbol', 'issue_date', 'deadline', 'pages', 'urgency', 'secrecy']}
          value={form}
          onChange={change}
          hint={(key) => key !== 'pages' && <ReadMark show={marked(key)} />}
          onFocusField={(key) => {
            if (key !== 'pages') setFocused(key);
          }}
        />
        {form.secrecy !== 'thuong' && (
          <fieldset className="wide">
            <legend>Người được xem văn bản mật</legend>
            {users.data?.map((u) => (
              <label key={u.id} className="check">
                <input
                  type="checkbox"
                  checked={named.includes(u.id)}
                  onChange={(e) => setNamed(e.target.checked ? [...named, u.id] : named.filter((x) => x !== u.id))}
                />
                {u.full_name} ({u.position || u.username})
              </label>
            ))}
          </fieldset>
        )}
        <div className="wide actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Đang vào sổ…' : 'Vào sổ'}
          </button>
          <button type="button" onClick={() => navigate('/van-ban-den')}>
            Hủy
          </button>
        </div>
      </form>
    </section>
  );
}

/** Hủy vào sổ for the văn thư, where entries are listed: asks the reason; the entry keeps its number. */
export function CancelEntryButton({ document, onDone }: { document: Schemas['DocumentOut']; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (document.register_number == null || !['registered', 'assigned', 'in_progress'].includes(document.status)) return null;

  async function cancel() {
    const reason = window.prompt(`Lý do hủy vào sổ văn bản số đến ${document.register_number}:`)?.trim();
    if (!reason) return;
    setBusy(true);
    setError(null);
    try {
      unwrap(
        await api.POST('/api/v1/incoming/{document_id}/cancel', {
          params: { path: { document_id: document.id } },
          body: { reason },
        }),
      );
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="small" disabled={busy} onClick={cancel}>
        Hủy vào sổ
      </button>
      {error && <span className="error small">{error}</span>}
    </>
  );
}
