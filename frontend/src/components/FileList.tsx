/** A document's stored files: role, version, size, download link, and which one is being previewed. */
import type { Schemas } from '../api/client';
import { formatDateTime } from '../lib/dates';
import { FILE_ROLES } from '../lib/labels';
import { formatSize } from './DropZone';

export const isPdf = (f: Schemas['FileOut']) =>
  f.content_type === 'application/pdf' || f.filename.toLowerCase().endsWith('.pdf');

export function FileList({
  files,
  previewId,
  onPreview,
  previewable = isPdf,
}: {
  files: Schemas['FileOut'][];
  previewId?: number | null;
  onPreview?: (id: number) => void;
  /** Which files have something to preview: PDFs, and a DOCX once the pipeline converted it. */
  previewable?: (f: Schemas['FileOut']) => boolean;
}) {
  if (files.length === 0) return <p className="muted">Chưa có tệp nào.</p>;
  return (
    <ul className="file-list">
      {files.map((f) => (
        <li key={f.id}>
          <span className="badge">{FILE_ROLES[f.role]}</span> {f.version > 0 && <span className="muted">v{f.version} </span>}
          <a href={f.download_path} download={f.filename}>
            {f.filename}
          </a>{' '}
          <span className="muted small">
            {formatSize(f.size)} · {formatDateTime(f.created_at)}
            {f.immutable ? ' · đã khóa' : ''}
          </span>
          {onPreview && previewable(f) && (
            <button
              type="button"
              className="link"
              aria-pressed={previewId === f.id}
              onClick={() => onPreview(f.id)}
            >
              {previewId === f.id ? 'Đang xem' : 'Xem trước'}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
