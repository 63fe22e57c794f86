/** Kéo thả tệp: a drop area that is also a labelled file input, so the keyboard and screen readers work. */
import { useId, useState, type DragEvent } from 'react';

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace('.', ',')} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

export function DropZone({
  files,
  onChange,
  label = 'Tệp văn bản',
  multiple = true,
  accept,
}: {
  files: File[];
  onChange: (files: File[]) => void;
  label?: string;
  multiple?: boolean;
  accept?: string;
}) {
  const id = useId();
  const [over, setOver] = useState(false);
  const add = (list: FileList | null) => {
    if (!list) return;
    const incoming = Array.from(list);
    onChange(multiple ? [...files, ...incoming] : incoming.slice(0, 1));
  };
  return (
    <div
      className={over ? 'dropzone over' : 'dropzone'}
      data-testid="dropzone"
      onDragOver={(e: DragEvent) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e: DragEvent) => {
        e.preventDefault();
        setOver(false);
        add(e.dataTransfer.files);
      }}
    >
      <label htmlFor={id}>{label}</label>
      <p className="muted">Kéo thả tệp vào đây, hoặc chọn tệp từ máy.</p>
      <input
        id={id}
        type="file"
        multiple={multiple}
        accept={accept}
        onChange={(e) => {
          add(e.target.files);
          e.target.value = '';
        }}
      />
      {files.length > 0 && (
        <ul className="file-list" aria-label="Tệp đã chọn">
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              {f.name} <span className="muted">({formatSize(f.size)})</span>{' '}
              <button
                type="button"
                className="link"
                aria-label={`Bỏ tệp ${f.name}`}
                onClick={() => onChange(files.filter((_, j) => j !== i))}
              >
                Bỏ
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
