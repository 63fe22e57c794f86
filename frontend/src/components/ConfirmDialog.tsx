/** Xác nhận trước một bước không thể hoàn tác (ký số, cấp số, phát hành): says what will happen and to what,
 * and only the explicit button goes on; Escape, ✕ and "Hủy" leave everything as it was. */
import type { ReactNode } from 'react';
import { Dialog } from './Dialog';

export interface Confirmation {
  title: string;
  message: ReactNode;
  confirm: string;
  onConfirm: () => void;
}

export function ConfirmDialog({ confirmation, onClose }: { confirmation: Confirmation | null; onClose: () => void }) {
  return (
    <Dialog title={confirmation?.title ?? ''} open={confirmation !== null} onClose={onClose}>
      {confirmation && (
        <>
          <div className="confirm-message">{confirmation.message}</div>
          <div className="actions">
            <button
              type="button"
              className="primary"
              autoFocus
              onClick={() => {
                onClose();
                confirmation.onConfirm();
              }}
            >
              {confirmation.confirm}
            </button>
            <button type="button" onClick={onClose}>
              Hủy
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
