/**
 * Phân công: one or more rows of (xử lý chính | phối hợp | nhận để biết, a person or a unit, deadline).
 * For a leader (`direct`) it is "Cho ý kiến chỉ đạo và phân công": his direction (bút phê) first, then the
 * assignments it decides — none, if the direction alone is what he means — sent in one step.
 */
import { useState, type FormEvent } from 'react';
import { api, type Schemas } from '../../api/client';
import { errorMessage, unwrap } from '../../api/errors';
import { Dialog } from '../../components/Dialog';
import { ErrorBox } from '../../components/ui';
import { ASSIGNMENT_ROLES } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';

interface Row {
  role: Schemas['AssignmentRole'];
  target: string; // "u:12" or "d:3"
  deadline: string;
  instruction: string;
}

const emptyRow = (role: Schemas['AssignmentRole'], deadline: string): Row => ({ role, target: '', deadline, instruction: '' });

export function AssignDialog({
  documentId,
  defaultDeadline,
  open,
  direct = false,
  onClose,
  onDone,
}: {
  documentId: number;
  defaultDeadline: string | null;
  open: boolean;
  direct?: boolean;
  onClose: () => void;
  onDone: (detail: Schemas['IncomingDetail'], notice: string) => void;
}) {
  const [rows, setRows] = useState<Row[]>([emptyRow('xu_ly_chinh', defaultDeadline ?? '')]);
  const [direction, setDirection] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const people = useLoad(async () => {
    const [users, departments] = await Promise.all([
      api.GET('/api/v1/users', { params: { query: { active: true } } }),
      api.GET('/api/v1/departments'),
    ]);
    return { users: unwrap(users), departments: unwrap(departments) };
  }, []);

  const change = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (direct && !direction.trim()) {
      setError('Vui lòng nhập ý kiến chỉ đạo.');
      return;
    }
    if (!direct && rows.length === 0) {
      setError('Vui lòng thêm ít nhất một người hoặc đơn vị.');
      return;
    }
    if (rows.some((r) => !r.target)) {
      setError('Vui lòng chọn người hoặc đơn vị cho mỗi dòng phân công.');
      return;
    }
    const assignments: Schemas['AssignmentIn'][] = rows.map((r) => {
      const [kind, id] = r.target.split(':');
      return {
        role: r.role,
        user_id: kind === 'u' ? Number(id) : null,
        department_id: kind === 'd' ? Number(id) : null,
        // nhận để biết is not work to do: it has no deadline (the API refuses one)
        deadline: r.role === 'de_biet' ? null : r.deadline || null,
        instruction: r.instruction,
      };
    });
    setBusy(true);
    setError(null);
    try {
      const detail = direct
        ? unwrap(
            await api.POST('/api/v1/incoming/{document_id}/directions', {
              params: { path: { document_id: documentId } },
              body: { text: direction.trim(), assignments },
            }),
          )
        : unwrap(
            await api.POST('/api/v1/incoming/{document_id}/assignments', {
              params: { path: { document_id: documentId } },
              body: { assignments },
            }),
          );
      setRows([emptyRow('xu_ly_chinh', defaultDeadline ?? '')]);
      setDirection('');
      onDone(
        detail,
        !direct ? 'Đã phân công xử lý.' : assignments.length ? 'Đã cho ý kiến chỉ đạo và phân công.' : 'Đã cho ý kiến chỉ đạo.',
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={direct ? 'Cho ý kiến chỉ đạo và phân công' : 'Phân công xử lý'} open={open} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <ErrorBox message={error ?? people.error} />
        {direct && (
          <label className="wide">
            Ý kiến chỉ đạo
            <textarea required rows={4} value={direction} onChange={(e) => setDirection(e.target.value)} />
          </label>
        )}
        {rows.map((row, i) => (
          <fieldset key={i} className="assign-row">
            <legend>Phân công {i + 1}</legend>
            <label>
              Vai trò
              <select value={row.role} onChange={(e) => change(i, { role: e.target.value as Schemas['AssignmentRole'] })}>
                {Object.entries(ASSIGNMENT_ROLES).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Người hoặc đơn vị
              <select value={row.target} onChange={(e) => change(i, { target: e.target.value })}>
                <option value="">— Chọn —</option>
                <optgroup label="Đơn vị">
                  {people.data?.departments.map((d) => (
                    <option key={`d${d.id}`} value={`d:${d.id}`}>
                      {d.name}
                    </option>
                  ))}
                </optgroup>
                <optgroup label="Cá nhân">
                  {people.data?.users.map((u) => (
                    <option key={`u${u.id}`} value={`u:${u.id}`}>
                      {u.full_name} — {u.position || u.username}
                    </option>
                  ))}
                </optgroup>
              </select>
            </label>
            {row.role !== 'de_biet' && (
              <label>
                Hạn xử lý
                <input type="date" value={row.deadline} onChange={(e) => change(i, { deadline: e.target.value })} />
              </label>
            )}
            <label className="wide">
              {direct ? 'Ý kiến giao (riêng dòng này)' : 'Ý kiến chỉ đạo'}
              <input value={row.instruction} onChange={(e) => change(i, { instruction: e.target.value })} />
            </label>
            {(rows.length > 1 || direct) && (
              <button type="button" className="link" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                Bỏ dòng này
              </button>
            )}
          </fieldset>
        ))}
        <div className="actions">
          <button
            type="button"
            onClick={() => setRows([...rows, emptyRow(rows.length ? 'phoi_hop' : 'xu_ly_chinh', defaultDeadline ?? '')])}
          >
            Thêm người/đơn vị
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Đang gửi…' : direct ? (rows.length ? 'Cho ý kiến và phân công' : 'Cho ý kiến chỉ đạo') : 'Phân công'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
