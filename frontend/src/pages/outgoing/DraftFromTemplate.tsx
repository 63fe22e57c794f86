/**
 * Soạn dự thảo từ mẫu: choose one of the decree's templates, fill in what it prints (căn cứ, nội dung,
 * người ký, nơi nhận…), and the server renders the DOCX as the draft's first version. Lists are one item a
 * line; the punctuation the decree asks for (`;` after each căn cứ, `.` after the last) is added for you.
 */
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, type Schemas } from '../../api/client';
import { errorMessage, unwrap } from '../../api/errors';
import { DocumentFields } from '../../components/DocumentFields';
import { ErrorBox, Loading, PageTitle } from '../../components/ui';
import { formatLongDate } from '../../lib/dates';
import { useLoad } from '../../lib/useLoad';
import { DraftLinksNotice, linkFields, useDraftLinks } from './draftLinks';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export function DraftFromTemplate() {
  const navigate = useNavigate();
  const [links, dropLinks] = useDraftLinks();
  const templates = useLoad(async () => unwrap(await api.GET('/api/v1/drafting/templates')).items, []);
  const [form, setForm] = useState({
    template: 'quyet_dinh',
    title: '',
    urgency: 'thuong' as Schemas['Urgency'],
    place: '',
    date: '',
    legal_bases: '',
    proposal: '',
    authority_title: '',
    addressees: '',
    body: '',
    authority: '',
    position: '',
    full_name: '',
    recipients: '',
    archive: 'VT',
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const change = (key: keyof typeof form, value: string) => setForm({ ...form, [key]: value });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => change(key, e.target.value);

  if (templates.loading && !templates.data) return <Loading what="mẫu văn bản" />;
  const chosen = templates.data?.find((t) => t.key === form.template);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing = [
      [form.title, 'trích yếu'],
      [form.body, 'nội dung'],
      [form.position, 'chức vụ người ký'],
      [form.full_name, 'họ tên người ký'],
    ]
      .filter(([value]) => !value.trim())
      .map(([, name]) => name);
    if (missing.length) {
      setError(`Vui lòng nhập ${missing.join(', ')}.`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = unwrap(
        await api.POST('/api/v1/drafting/drafts', {
          body: {
            template: form.template,
            title: form.title.trim(),
            urgency: form.urgency,
            secrecy: 'thuong',
            place: form.place.trim(),
            date: form.date || null,
            legal_bases: chosen?.legal_bases ? lines(form.legal_bases) : [],
            proposal: chosen?.legal_bases ? form.proposal.trim() : '',
            authority_title: chosen?.authority_title ? form.authority_title.trim() : '',
            addressees: chosen?.addressees ? lines(form.addressees) : [],
            body: lines(form.body),
            signer: { position: form.position.trim(), full_name: form.full_name.trim(), authority: lines(form.authority) },
            recipient_lines: lines(form.recipients),
            archive: form.archive.trim() || 'VT',
            ...linkFields(links),
          },
        }),
      );
      navigate(`/van-ban-di/${created.document.id}`, {
        state: { notice: `Đã tạo dự thảo từ mẫu ${chosen?.name ?? ''} (${created.date_line}).` },
      });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section>
      <PageTitle>Soạn dự thảo từ mẫu</PageTitle>
      <ErrorBox message={templates.error} />
      <form className="form-grid" onSubmit={submit} noValidate>
        <ErrorBox message={error} />
        <DraftLinksNotice links={links} onDrop={dropLinks} />
        <label>
          Mẫu văn bản
          <select value={form.template} onChange={set('template')}>
            {templates.data?.map((t) => (
              <option key={t.key} value={t.key}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <DocumentFields fields={['urgency', 'title']} value={form} onChange={change} />
        <label>
          Địa danh (để trống: địa danh của cơ quan)
          <input value={form.place} onChange={set('place')} />
        </label>
        <label>
          Ngày ban hành (để trống đến khi cấp số)
          <input type="date" value={form.date} onChange={set('date')} />
          {form.date && <span className="small muted">In trên văn bản: {formatLongDate(form.date)}</span>}
        </label>
        {chosen?.authority_title && (
          <label className="wide">
            Thẩm quyền ban hành
            <input value={form.authority_title} onChange={set('authority_title')} placeholder="Chủ tịch Ủy ban nhân dân tỉnh" />
          </label>
        )}
        {chosen?.legal_bases && (
          <>
            <label className="wide">
              Căn cứ (mỗi dòng một căn cứ)
              <textarea rows={4} value={form.legal_bases} onChange={set('legal_bases')} placeholder="Căn cứ Luật …" />
            </label>
            <label className="wide">
              Theo đề nghị của
              <input value={form.proposal} onChange={set('proposal')} placeholder="Theo đề nghị của Giám đốc Sở Nội vụ" />
            </label>
          </>
        )}
        {chosen?.addressees && (
          <label className="wide">
            Kính gửi (mỗi dòng một nơi)
            <textarea rows={2} value={form.addressees} onChange={set('addressees')} />
          </label>
        )}
        <label className="wide">
          Nội dung (mỗi dòng một đoạn) <span aria-hidden="true">*</span>
          <textarea rows={6} value={form.body} onChange={set('body')} />
        </label>
        <label>
          Thẩm quyền ký (VD: KT. Chủ tịch; mỗi dòng một cấp)
          <textarea rows={2} value={form.authority} onChange={set('authority')} />
        </label>
        <label>
          Chức vụ người ký <span aria-hidden="true">*</span>
          <input value={form.position} onChange={set('position')} />
        </label>
        <label>
          Họ và tên người ký <span aria-hidden="true">*</span>
          <input value={form.full_name} onChange={set('full_name')} />
        </label>
        <label className="wide">
          Nơi nhận (mỗi dòng một nơi)
          <textarea rows={3} value={form.recipients} onChange={set('recipients')} />
        </label>
        <label>
          Lưu
          <input value={form.archive} onChange={set('archive')} />
        </label>
        <div className="wide actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Đang tạo…' : 'Tạo dự thảo'}
          </button>
          <button type="button" onClick={() => navigate('/van-ban-di')}>
            Hủy
          </button>
        </div>
      </form>
    </section>
  );
}
