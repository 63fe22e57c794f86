/** Ủy quyền: who signs for whom (KT., TL., TUQ., Q.) over which dates; create, and revoke early. */
import { useState, type FormEvent } from 'react';
import { api, type Schemas } from '../../api/client';
import { errorMessage, unwrap } from '../../api/errors';
import { ErrorBox, Loading, Notice } from '../../components/ui';
import { agencyToday, formatDate } from '../../lib/dates';
import { DELEGATION_KINDS } from '../../lib/labels';
import { useDirectory } from '../../lib/people';
import { useLoad } from '../../lib/useLoad';

function delegationState(d: Schemas['DelegationOut'], today: string): string {
  if (d.revoked) return 'Đã thu hồi';
  if (d.ends_on < today) return 'Đã hết hạn';
  if (d.starts_on > today) return 'Chưa hiệu lực';
  return 'Đang hiệu lực';
}

/** A choice of one of the agency's active users (id as the value), "— Chọn —" until one is chosen. */
function UserSelect({
  label,
  users,
  value,
  onChange,
}: {
  label: string;
  users: Schemas['UserOut'][];
  value: string;
  onChange: (id: string) => void;
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">— Chọn —</option>
        {users.map((u) => (
          <option key={u.id} value={u.id}>
            {u.full_name} — {u.position || u.username}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Delegations() {
  const dir = useDirectory();
  const list = useLoad(async () => unwrap(await api.GET('/api/v1/delegations')), []);
  const today = agencyToday();
  const [form, setForm] = useState({ principal_id: '', delegate_id: '', kind: 'KT', starts_on: today, ends_on: today });
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!form.principal_id || !form.delegate_id) {
      setError('Chọn người ủy quyền và người được ủy quyền.');
      return;
    }
    try {
      unwrap(
        await api.POST('/api/v1/delegations', {
          body: {
            principal_id: Number(form.principal_id),
            delegate_id: Number(form.delegate_id),
            kind: form.kind as Schemas['DelegationKind'],
            starts_on: form.starts_on,
            ends_on: form.ends_on,
          },
        }),
      );
      setNotice(`Đã tạo ủy quyền từ ${formatDate(form.starts_on)} đến ${formatDate(form.ends_on)}.`);
      list.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function revoke(d: Schemas['DelegationOut']) {
    setError(null);
    try {
      unwrap(await api.PATCH('/api/v1/delegations/{delegation_id}', { params: { path: { delegation_id: d.id } }, body: { revoked: true } }));
      setNotice('Đã thu hồi ủy quyền.');
      list.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  if (list.loading && !list.data) return <Loading />;
  const users = dir.data?.users.filter((u) => u.is_active) ?? [];
  return (
    <>
      <ErrorBox message={list.error ?? dir.error} />
      <div className="table-wrap">
        <table aria-label="Ủy quyền">
          <thead>
            <tr>
              <th>Hình thức</th>
              <th>Người ủy quyền</th>
              <th>Người được ủy quyền</th>
              <th>Thời gian</th>
              <th>Trạng thái</th>
              <th>Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  Chưa có ủy quyền nào.
                </td>
              </tr>
            )}
            {list.data?.map((d) => {
              const state = delegationState(d, today);
              return (
                <tr key={d.id}>
                  <td>{DELEGATION_KINDS[d.kind]}</td>
                  <td>{dir.data?.user(d.principal_id)}</td>
                  <td>{dir.data?.user(d.delegate_id)}</td>
                  <td>
                    {formatDate(d.starts_on)} – {formatDate(d.ends_on)}
                  </td>
                  <td>
                    <span className="badge">{state}</span>
                  </td>
                  <td>
                    {!d.revoked && d.ends_on >= today && (
                      <button type="button" className="danger" onClick={() => revoke(d)} aria-label={`Thu hồi ủy quyền của ${dir.data?.user(d.principal_id)} cho ${dir.data?.user(d.delegate_id)}`}>
                        Thu hồi
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <form className="form-grid" onSubmit={submit} noValidate>
        <h2 className="wide">Thêm ủy quyền</h2>
        <Notice message={notice} />
        <ErrorBox message={error} />
        <UserSelect
          label="Người ủy quyền"
          users={users}
          value={form.principal_id}
          onChange={(principal_id) => setForm({ ...form, principal_id })}
        />
        <UserSelect
          label="Người được ủy quyền"
          users={users}
          value={form.delegate_id}
          onChange={(delegate_id) => setForm({ ...form, delegate_id })}
        />
        <label>
          Hình thức
          <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
            {Object.entries(DELEGATION_KINDS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Từ ngày
          <input type="date" value={form.starts_on} onChange={(e) => setForm({ ...form, starts_on: e.target.value })} />
        </label>
        <label>
          Đến ngày
          <input type="date" value={form.ends_on} min={form.starts_on} onChange={(e) => setForm({ ...form, ends_on: e.target.value })} />
        </label>
        <div className="wide actions">
          <button type="submit" className="primary">
            Thêm ủy quyền
          </button>
        </div>
      </form>
    </>
  );
}
