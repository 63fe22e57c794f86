/**
 * Soạn dự thảo văn bản đi: metadata and the first version (DOCX or PDF), dropped or chosen. Opened from a
 * released document ("Soạn văn bản thay thế / đính chính") or an incoming one ("Soạn văn bản trả lời"), it
 * carries what the draft replaces, corrects or answers (`./draftLinks`).
 */
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, type Schemas } from '../../api/client';
import { errorMessage, unwrap } from '../../api/errors';
import type { OutgoingMetadata } from '../../api/forms';
import { DocumentFields } from '../../components/DocumentFields';
import { DropZone } from '../../components/DropZone';
import { ErrorBox, PageTitle } from '../../components/ui';
import { DraftLinksNotice, linkFields, useDraftLinks } from './draftLinks';

export function OutgoingCreate() {
  const navigate = useNavigate();
  const [links, dropLinks] = useDraftLinks();
  const [files, setFiles] = useState<File[]>([]);
  const [form, setForm] = useState({
    title: '',
    doc_type: 'cong_van' as Schemas['DocumentType'],
    urgency: 'thuong' as Schemas['Urgency'],
    secrecy: 'thuong' as Schemas['Secrecy'],
    deadline: '',
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const change = (key: keyof typeof form, value: string) => setForm({ ...form, [key]: value });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.title.trim()) {
      setError('Vui lòng nhập trích yếu.');
      return;
    }
    const metadata: OutgoingMetadata = {
      title: form.title,
      doc_type: form.doc_type,
      urgency: form.urgency,
      secrecy: form.secrecy,
      deadline: form.deadline || null,
      ...linkFields(links),
    };
    setBusy(true);
    setError(null);
    try {
      const created = unwrap(
        await api.POST('/api/v1/outgoing', {
          body: { metadata: JSON.stringify(metadata) },
          bodySerializer: () => {
            const data = new FormData();
            data.append('metadata', JSON.stringify(metadata));
            if (files[0]) data.append('file', files[0], files[0].name);
            return data;
          },
        }),
      );
      navigate(`/van-ban-di/${created.id}`, { state: { notice: 'Đã tạo dự thảo.' } });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section>
      <PageTitle>Soạn dự thảo văn bản đi</PageTitle>
      <form className="form-grid" onSubmit={submit} noValidate>
        <ErrorBox message={error} />
        <DraftLinksNotice links={links} onDrop={dropLinks} other={{ to: '/van-ban-di/soan-tu-mau', label: 'Soạn từ mẫu' }} />
        <DropZone
          files={files}
          onChange={setFiles}
          multiple={false}
          accept=".docx,.pdf,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          label="Bản dự thảo (DOCX hoặc PDF)"
        />
        <DocumentFields
          fields={['title', 'doc_type', 'urgency', 'secrecy', 'deadline']}
          value={form}
          onChange={change}
          deadlineLabel="Hạn hoàn thành"
        />
        <div className="wide actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Đang lưu…' : 'Lưu dự thảo'}
          </button>
          <button type="button" onClick={() => navigate('/van-ban-di')}>
            Hủy
          </button>
        </div>
      </form>
    </section>
  );
}
