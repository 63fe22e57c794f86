/**
 * Xử lý văn bản đến: the buttons are exactly the actions the API lists for this user (`detail.actions`, computed
 * with the endpoints' own rules), each with its dialog — trình lãnh đạo, cho ý kiến chỉ đạo (with the assignments,
 * in the assign dialog), chuyển xử lý to a person of the unit, gửi ý kiến phối hợp, trả lại and thu hồi with a
 * reason, xin gia hạn and its answer, hoàn thành with a confirmation and a result, đã xem.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, type Schemas } from '../../api/client';
import { errorMessage, unwrap } from '../../api/errors';
import { useAuth } from '../../auth';
import { Dialog } from '../../components/Dialog';
import { ErrorBox } from '../../components/ui';
import { useLoad } from '../../lib/useLoad';

type Detail = Schemas['IncomingDetail'];
export type Action = Schemas['IncomingAction'];
type Done = (detail: Detail, notice: string) => void;

/** The toolbar's buttons in the order an office reads them; actions without a toolbar button (take back,
 * deciding an extension, notes) are drawn beside the row or the request they concern. */
export const TOOLBAR: readonly { action: Action; label: string }[] = [
  { action: 'present', label: 'Trình lãnh đạo' },
  { action: 'direct', label: 'Cho ý kiến chỉ đạo' },
  { action: 'assign', label: 'Phân công' },
  { action: 'forward', label: 'Chuyển xử lý' },
  { action: 'mark_seen', label: 'Đánh dấu đã xem' },
  { action: 'contribute', label: 'Gửi ý kiến phối hợp' },
  { action: 'request_extension', label: 'Xin gia hạn' },
  { action: 'return', label: 'Trả lại' },
  { action: 'complete', label: 'Hoàn thành' },
];

export function toolbarFor(actions: readonly Action[]): { action: Action; label: string }[] {
  // A leader's "Cho ý kiến chỉ đạo" dialog assigns too: one button for both, as a leader works.
  const merged = actions.includes('direct') ? actions.filter((a) => a !== 'assign') : actions;
  return TOOLBAR.filter((b) => merged.includes(b.action));
}

/** A submit that reports the API's Vietnamese error in the dialog and closes it on success. */
function useSubmit(onDone: Done, close: () => void) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(call: () => Promise<Detail>, notice: string) {
    setBusy(true);
    setError(null);
    try {
      const detail = await call();
      close();
      onDone(detail, notice);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return { error, busy, run };
}

export function HandlingToolbar({
  detail,
  onAssign,
  onDone,
  onError,
}: {
  detail: Detail;
  /** Opens the assign dialog; `direct` asks it for the leader's direction too. */
  onAssign: (direct: boolean) => void;
  onDone: Done;
  onError: (message: string) => void;
}) {
  const [open, setOpen] = useState<Action | null>(null);
  const close = () => setOpen(null);
  const id = detail.id;

  async function markSeen() {
    try {
      const result = unwrap(
        await api.POST('/api/v1/incoming/{document_id}/seen', { params: { path: { document_id: id } } }),
      );
      onDone(result, 'Đã đánh dấu đã xem.');
    } catch (e) {
      onError(errorMessage(e));
    }
  }

  return (
    <>
      {toolbarFor(detail.actions).map(({ action, label }) => (
        <button
          key={action}
          type="button"
          className={['assign', 'direct', 'present', 'complete'].includes(action) ? 'primary' : undefined}
          onClick={() =>
            action === 'assign' || action === 'direct'
              ? onAssign(action === 'direct')
              : action === 'mark_seen'
                ? markSeen()
                : setOpen(action)
          }
        >
          {label}
        </button>
      ))}
      <Dialog title="Trình lãnh đạo" open={open === 'present'} onClose={close}>
        <PresentForm documentId={id} onDone={onDone} close={close} />
      </Dialog>
      <Dialog title="Gửi ý kiến phối hợp" open={open === 'contribute'} onClose={close}>
        <ContributeForm documentId={id} onDone={onDone} close={close} />
      </Dialog>
      <Dialog title="Chuyển xử lý" open={open === 'forward'} onClose={close}>
        <ForwardForm documentId={id} onDone={onDone} close={close} />
      </Dialog>
      <Dialog title="Trả lại văn bản" open={open === 'return'} onClose={close}>
        <ReasonForm
          label="Lý do trả lại"
          submit="Trả lại"
          onDone={onDone}
          close={close}
          call={async (reason) =>
            unwrap(
              await api.POST('/api/v1/incoming/{document_id}/return', {
                params: { path: { document_id: id } },
                body: { reason },
              }),
            )
          }
          notice="Đã trả lại văn bản cho người giao."
        >
          <p className="muted">Văn bản trở về người đã giao hoặc chuyển cho bạn, kèm lý do.</p>
        </ReasonForm>
      </Dialog>
      <Dialog title="Xin gia hạn xử lý" open={open === 'request_extension'} onClose={close}>
        <ExtensionForm documentId={id} onDone={onDone} close={close} />
      </Dialog>
      <Dialog title="Hoàn thành xử lý" open={open === 'complete'} onClose={close}>
        <CompleteForm documentId={id} onDone={onDone} close={close} />
      </Dialog>
    </>
  );
}

function ForwardForm({ documentId, onDone, close }: { documentId: number; onDone: Done; close: () => void }) {
  const { me } = useAuth();
  const [userId, setUserId] = useState('');
  const [note, setNote] = useState('');
  const [deadline, setDeadline] = useState('');
  const { error, busy, run } = useSubmit(onDone, close);
  const users = useLoad(
    async () => unwrap(await api.GET('/api/v1/users', { params: { query: { active: true } } })),
    [],
  );
  // The head passes the unit's work to one of his own people.
  const people = (users.data ?? []).filter(
    (u) => u.id !== me?.id && (me?.department_id == null || u.department_id === me.department_id),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!userId) return;
    void run(
      async () =>
        unwrap(
          await api.POST('/api/v1/incoming/{document_id}/forward', {
            params: { path: { document_id: documentId } },
            body: { user_id: Number(userId), note, deadline: deadline || null },
          }),
        ),
      'Đã chuyển xử lý.',
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <ErrorBox message={error ?? users.error} />
      <label>
        Người xử lý
        <select required value={userId} onChange={(e) => setUserId(e.target.value)}>
          <option value="">— Chọn người trong đơn vị —</option>
          {people.map((u) => (
            <option key={u.id} value={u.id}>
              {u.full_name} — {u.position || u.username}
            </option>
          ))}
        </select>
      </label>
      <label>
        Hạn xử lý (để trống: giữ hạn hiện tại)
        <input type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} />
      </label>
      <label className="wide">
        Ý kiến khi chuyển
        <textarea rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || !userId}>
          {busy ? 'Đang chuyển…' : 'Chuyển xử lý'}
        </button>
      </div>
    </form>
  );
}

/** Trình: the văn thư chooses the leader (lãnh đạo of the agency) and may add a note. */
function PresentForm({ documentId, onDone, close }: { documentId: number; onDone: Done; close: () => void }) {
  const [leaderId, setLeaderId] = useState('');
  const [note, setNote] = useState('');
  const { error, busy, run } = useSubmit(onDone, close);
  const leaders = useLoad(
    async () =>
      unwrap(await api.GET('/api/v1/users', { params: { query: { active: true, role: 'lanh_dao_don_vi' } } })),
    [],
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!leaderId) return;
    void run(
      async () =>
        unwrap(
          await api.POST('/api/v1/incoming/{document_id}/present', {
            params: { path: { document_id: documentId } },
            body: { leader_id: Number(leaderId), note: note.trim() },
          }),
        ),
      'Đã trình lãnh đạo; văn bản chờ lãnh đạo cho ý kiến.',
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <ErrorBox message={error ?? leaders.error} />
      <label>
        Lãnh đạo
        <select required value={leaderId} onChange={(e) => setLeaderId(e.target.value)}>
          <option value="">— Chọn lãnh đạo —</option>
          {(leaders.data ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {u.full_name} — {u.position || u.username}
            </option>
          ))}
        </select>
      </label>
      <label className="wide">
        Ghi chú khi trình
        <textarea rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || !leaderId}>
          {busy ? 'Đang trình…' : 'Trình lãnh đạo'}
        </button>
      </div>
    </form>
  );
}

/** Ý kiến phối hợp: the cooperating unit's part (text, optionally one file) for the main handler. */
function ContributeForm({ documentId, onDone, close }: { documentId: number; onDone: Done; close: () => void }) {
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const { error, busy, run } = useSubmit(onDone, close);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) return;
    void run(
      async () =>
        unwrap(
          await api.POST('/api/v1/incoming/{document_id}/contributions', {
            params: { path: { document_id: documentId } },
            body: { text: text.trim(), file: null },
            bodySerializer: () => {
              const data = new FormData();
              data.append('text', text.trim());
              if (file) data.append('file', file, file.name);
              return data;
            },
          }),
        ),
      'Đã gửi ý kiến phối hợp cho đơn vị xử lý chính.',
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <p className="muted">
        Ý kiến được gửi cho đơn vị, cá nhân xử lý chính; phần phối hợp của bạn kết thúc khi gửi.
      </p>
      <ErrorBox message={error} />
      <label className="wide">
        Ý kiến phối hợp
        <textarea required rows={4} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <label>
        Tệp kèm theo (không bắt buộc)
        <input type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || !text.trim()}>
          {busy ? 'Đang gửi…' : 'Gửi ý kiến phối hợp'}
        </button>
      </div>
    </form>
  );
}

export function ReasonForm({
  label,
  submit: submitLabel,
  call,
  notice,
  onDone,
  close,
  children,
}: {
  label: string;
  submit: string;
  call: (reason: string) => Promise<Detail>;
  notice: string;
  onDone: Done;
  close: () => void;
  children?: ReactNode;
}) {
  const [reason, setReason] = useState('');
  const { error, busy, run } = useSubmit(onDone, close);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) return;
    void run(() => call(reason.trim()), notice);
  }
  return (
    <form onSubmit={submit} noValidate>
      {children}
      <ErrorBox message={error} />
      <label className="wide">
        {label}
        <textarea required rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || !reason.trim()}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}

function ExtensionForm({ documentId, onDone, close }: { documentId: number; onDone: Done; close: () => void }) {
  const [deadline, setDeadline] = useState('');
  const [reason, setReason] = useState('');
  const { error, busy, run } = useSubmit(onDone, close);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!deadline || !reason.trim()) return;
    void run(
      async () =>
        unwrap(
          await api.POST('/api/v1/incoming/{document_id}/extensions', {
            params: { path: { document_id: documentId } },
            body: { deadline, reason: reason.trim() },
          }),
        ),
      'Đã gửi đề nghị gia hạn.',
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <ErrorBox message={error} />
      <label>
        Hạn mới đề nghị
        <input type="date" required value={deadline} onChange={(e) => setDeadline(e.target.value)} />
      </label>
      <label className="wide">
        Lý do
        <textarea required rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || !deadline || !reason.trim()}>
          Gửi đề nghị
        </button>
      </div>
    </form>
  );
}

function CompleteForm({ documentId, onDone, close }: { documentId: number; onDone: Done; close: () => void }) {
  const [result, setResult] = useState('');
  const { error, busy, run } = useSubmit(onDone, close);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!result.trim()) return;
    void run(
      async () =>
        unwrap(
          await api.POST('/api/v1/incoming/{document_id}/complete', {
            params: { path: { document_id: documentId } },
            body: { result: result.trim() },
          }),
        ),
      'Đã hoàn thành xử lý.',
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <p>
        Xác nhận kết thúc xử lý văn bản này? Các đơn vị phối hợp và nơi nhận để biết chưa xong sẽ kết thúc theo; văn bản
        không nhận thêm ý kiến.
      </p>
      <ErrorBox message={error} />
      <label className="wide">
        Kết quả xử lý
        <textarea required rows={4} value={result} onChange={(e) => setResult(e.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || !result.trim()}>
          Xác nhận hoàn thành
        </button>
      </div>
    </form>
  );
}

const EXTENSION_STATUS: Record<Schemas['ExtensionStatus'], string> = {
  open: 'Chờ quyết định',
  granted: 'Đã đồng ý',
  refused: 'Không đồng ý',
  cancelled: 'Đã hủy (phân công kết thúc)',
};

/** Đề nghị gia hạn of the document, with Đồng ý / Không đồng ý for the assigner who may decide. */
export function Extensions({
  detail,
  who,
  formatDate,
  onDone,
  onError,
}: {
  detail: Detail;
  who: (id: number | null | undefined) => string;
  formatDate: (value: string) => string;
  onDone: Done;
  onError: (message: string) => void;
}) {
  const [refusing, setRefusing] = useState<number | null>(null);
  if (detail.extensions.length === 0) return null;
  const decide = (requestId: number, granted: boolean, note: string) =>
    api.POST('/api/v1/incoming/{document_id}/extensions/{request_id}/decision', {
      params: { path: { document_id: detail.id, request_id: requestId } },
      body: { granted, note },
    });
  async function grant(requestId: number) {
    try {
      onDone(unwrap(await decide(requestId, true, '')), 'Đã đồng ý gia hạn.');
    } catch (e) {
      onError(errorMessage(e));
    }
  }
  return (
    <>
      <h2>Đề nghị gia hạn</h2>
      <div className="table-wrap">
        <table aria-label="Đề nghị gia hạn">
          <thead>
            <tr>
              <th>Người đề nghị</th>
              <th>Hạn cũ → hạn mới</th>
              <th>Lý do</th>
              <th>Trạng thái</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {detail.extensions.map((e) => (
              <tr key={e.id}>
                <td>{who(e.requested_by_id)}</td>
                <td>
                  {e.old_deadline ? formatDate(e.old_deadline) : '—'} → {formatDate(e.new_deadline)}
                </td>
                <td>{e.reason}</td>
                <td>
                  {EXTENSION_STATUS[e.status]}
                  {e.decision_note ? `: ${e.decision_note}` : ''}
                </td>
                <td>
                  {e.may_decide && (
                    <>
                      <button type="button" onClick={() => grant(e.id)}>
                        Đồng ý
                      </button>{' '}
                      <button type="button" onClick={() => setRefusing(e.id)}>
                        Không đồng ý
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Dialog title="Không đồng ý gia hạn" open={refusing !== null} onClose={() => setRefusing(null)}>
        <ReasonForm
          label="Lý do không đồng ý"
          submit="Không đồng ý gia hạn"
          notice="Đã trả lời không đồng ý gia hạn."
          onDone={onDone}
          close={() => setRefusing(null)}
          call={async (note) => unwrap(await decide(refusing!, false, note))}
        />
      </Dialog>
    </>
  );
}

/** Thu hồi phân công: the button beside a row its assigner may take back, and the reason dialog. */
export function TakeBack({ documentId, assignmentId, onDone }: { documentId: number; assignmentId: number; onDone: Done }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="link" onClick={() => setOpen(true)}>
        Thu hồi
      </button>
      <Dialog title="Thu hồi phân công" open={open} onClose={() => setOpen(false)}>
        <ReasonForm
          label="Lý do thu hồi"
          submit="Thu hồi phân công"
          notice="Đã thu hồi phân công."
          onDone={onDone}
          close={() => setOpen(false)}
          call={async (reason) =>
            unwrap(
              await api.POST('/api/v1/incoming/{document_id}/assignments/{assignment_id}/take-back', {
                params: { path: { document_id: documentId, assignment_id: assignmentId } },
                body: { reason },
              }),
            )
          }
        />
      </Dialog>
    </>
  );
}
