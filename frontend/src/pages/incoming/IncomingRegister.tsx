/** Vào sổ văn bản đến: the received files (dropped or chosen) and every metadata field of the decree. */
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, type Schemas } from '../../api/client';
import { errorMessage, unwrap } from '../../api/errors';
import type { IncomingMetadata } from '../../api/forms';
import { DropZone } from '../../components/DropZone';
import { ErrorBox, PageTitle } from '../../components/ui';
import { DOC_TYPES, SECRECY, URGENCY } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';

type Create = IncomingMetadata;

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
  });
  const [named, setNamed] = useState<number[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const users = useLoad(async () => unwrap(await api.GET('/api/v1/users', { params: { query: { active: true } } })), []);

  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.title.trim() || !form.issuer.trim()) {
      setError('Vui lòng nhập trích yếu và cơ quan ban hành.');
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
    };
    setBusy(true);
    setError(null);
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
        <DropZone files={files} onChange={setFiles} label="Tệp văn bản nhận được (PDF, DOCX, ảnh quét)" />
        <label className="wide">
          Trích yếu <span aria-hidden="true">*</span>
          <textarea required rows={2} value={form.title} onChange={set('title')} />
        </label>
        <label>
          Loại văn bản
          <select value={form.doc_type} onChange={set('doc_type')}>
            {Object.entries(DOC_TYPES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Cơ quan ban hành <span aria-hidden="true">*</span>
          <input required value={form.issuer} onChange={set('issuer')} />
        </label>
        <label>
          Số
          <input value={form.number} onChange={set('number')} inputMode="numeric" />
        </label>
        <label>
          Ký hiệu
          <input value={form.symbol} onChange={set('symbol')} placeholder="QĐ-UBND" />
        </label>
        <label>
          Ngày ban hành
          <input type="date" value={form.issue_date} onChange={set('issue_date')} />
        </label>
        <label>
          Hạn xử lý
          <input type="date" value={form.deadline} onChange={set('deadline')} />
        </label>
        <label>
          Số trang
          <input type="number" min={1} value={form.pages} onChange={set('pages')} />
        </label>
        <label>
          Độ khẩn
          <select value={form.urgency} onChange={set('urgency')}>
            {Object.entries(URGENCY).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Độ mật
          <select value={form.secrecy} onChange={set('secrecy')}>
            {Object.entries(SECRECY).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
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
