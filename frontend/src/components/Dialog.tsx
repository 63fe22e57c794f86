/** A modal dialog on the native <dialog> element: focus is trapped and Escape closes it, for free. */
import { useEffect, useRef, type ReactNode } from 'react';

export function Dialog({
  title,
  open,
  onClose,
  children,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-label={title} onClose={onClose} className="dialog">
      <div className="dialog-head">
        <h2>{title}</h2>
        <button type="button" className="link" aria-label="Đóng" onClick={onClose}>
          ✕
        </button>
      </div>
      {open && children}
    </dialog>
  );
}
