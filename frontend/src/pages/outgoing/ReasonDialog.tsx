/** Trả lại / không duyệt: a reason is required, and is what the drafter will read. */
import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { ErrorBox } from '../../components/ui';

export function ReasonDialog({
  title,
  confirm,
  open,
  onClose,
  onConfirm,
}: {
  title: string;
  confirm: string;
  open: boolean;
  onClose: () => void;
  onConfirm: (reason: string) => Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setError('Vui lòng nhập lý do.');
      return;
    }
    setError(null);
    await onConfirm(reason.trim());
    setReason('');
  }
  return (
    <Dialog title={title} open={open} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <ErrorBox message={error} />
        <label className="wide">
          Lý do
          <textarea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
        </label>
        <div className="actions">
          <button type="submit" className="primary">
            {confirm}
          </button>
          <button type="button" onClick={onClose}>
            Hủy
          </button>
        </div>
      </form>
    </Dialog>
  );
}
