/**
 * Văn bản kèm theo (separate files): what the drafter attached, then the copies the văn thư's issue signed
 * (number and symbol of the main document, top right of the first page); the drafter adds PDFs while the
 * draft is editable.
 */
import { useState, type FormEvent } from 'react';
import type { Schemas } from '../../api/client';
import { DropZone } from '../../components/DropZone';
import { FileList } from '../../components/FileList';

export const isAttachment = (f: Schemas['FileOut']) => f.role === 'attachment' || f.role === 'issued_annex';

export function Attachments({
  files,
  editable,
  busy,
  onAdd,
  previewId,
  onPreview,
  previewable,
}: {
  files: Schemas['FileOut'][];
  editable: boolean;
  busy: boolean;
  /** Uploads the chosen PDFs; resolves once they are stored. */
  onAdd: (files: File[]) => Promise<unknown>;
  previewId?: number | null;
  onPreview?: (id: number) => void;
  previewable?: (f: Schemas['FileOut']) => boolean;
}) {
  const [chosen, setChosen] = useState<File[]>([]);
  const attachments = files.filter(isAttachment);
  if (attachments.length === 0 && !editable) return null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (chosen.length === 0) return;
    await onAdd(chosen);
    setChosen([]);
  }

  return (
    <>
      <h2>Văn bản kèm theo</h2>
      {attachments.length > 0 && (
        <FileList files={attachments} previewId={previewId} onPreview={onPreview} previewable={previewable} />
      )}
      {editable && (
        <form onSubmit={submit} className="version-form">
          <DropZone
            files={chosen}
            onChange={setChosen}
            accept="application/pdf,.pdf"
            label="Thêm văn bản kèm theo (PDF, mỗi văn bản một tệp; văn thư ký số khi cấp số)"
          />
          <button type="submit" disabled={busy || chosen.length === 0}>
            Thêm văn bản kèm theo
          </button>
        </form>
      )}
    </>
  );
}
