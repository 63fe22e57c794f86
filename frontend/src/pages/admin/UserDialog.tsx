/**
 * Sửa người dùng: name, position, e-mail (where notifications are mailed), department, roles (several at once), lock or unlock, and a new password.
 * Roles go through their own endpoint (they are audited apart), the rest through one PATCH.
 */
import { useState, type FormEvent } from 'react';
import { api, type Schemas } from '../../api/client';
import { errorMessage, unwrap } from '../../api/errors';
import { Dialog } from '../../components/Dialog';
import { ErrorBox } from '../../components/ui';
import { ROLES } from '../../lib/labels';

/** What a user's card says besides the name (chức vụ, thư điện tử, phòng ban), the same when an admin adds a
 * user and when one is edited. */
export interface UserProfile {
  position: string;
  email: string;
  /** The department's id, or "" for none. */
  department_id: string;
}

export function UserProfileFields({
  value,
  departments,
  onChange,
}: {
  value: UserProfile;
  departments: Schemas['DepartmentOut'][];
  onChange: (patch: Partial<UserProfile>) => void;
}) {
  return (
    <>
      <label>
        Chức vụ
        <input value={value.position} onChange={(e) => onChange({ position: e.target.value })} />
      </label>
      <label>
        Thư điện tử (nhận thông báo)
        <input type="email" autoComplete="off" value={value.email} onChange={(e) => onChange({ email: e.target.value })} />
      </label>
      <label>
        Phòng ban
        <select value={value.department_id} onChange={(e) => onChange({ department_id: e.target.value })}>
          <option value="">— Không —</option>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

export function UserDialog({
  user,
  departments,
  onClose,
  onSaved,
}: {
  user: Schemas['UserOut'] | null;
  departments: Schemas['DepartmentOut'][];
  onClose: () => void;
  onSaved: (user: Schemas['UserOut']) => void;
}) {
  return (
    <Dialog title={user ? `Sửa người dùng ${user.username}` : 'Sửa người dùng'} open={user !== null} onClose={onClose}>
      {user && <UserForm key={user.id} user={user} departments={departments} onClose={onClose} onSaved={onSaved} />}
    </Dialog>
  );
}

function UserForm({
  user,
  departments,
  onClose,
  onSaved,
}: {
  user: Schemas['UserOut'];
  departments: Schemas['DepartmentOut'][];
  onClose: () => void;
  onSaved: (user: Schemas['UserOut']) => void;
}) {
  const [form, setForm] = useState({
    full_name: user.full_name,
    position: user.position,
    email: user.email,
    department_id: user.department_id == null ? '' : String(user.department_id),
    active: user.is_active,
    password: '',
  });
  const [roles, setRoles] = useState<Schemas['Role'][]>(user.roles);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (roles.length === 0) {
      setError('Chọn ít nhất một vai trò.');
      return;
    }
    setError(null);
    setBusy(true);
    try {
      const body: Schemas['UserPatch'] = {
        full_name: form.full_name.trim(),
        position: form.position.trim(),
        email: form.email.trim(),
        department_id: form.department_id ? Number(form.department_id) : null,
        is_active: form.active,
      };
      if (form.password) body.password = form.password;
      let saved = unwrap(await api.PATCH('/api/v1/users/{user_id}', { params: { path: { user_id: user.id } }, body }));
      const same = roles.length === user.roles.length && roles.every((r) => user.roles.includes(r));
      if (!same) {
        saved = unwrap(await api.PUT('/api/v1/users/{user_id}/roles', { params: { path: { user_id: user.id } }, body: { roles } }));
      }
      onSaved(saved);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <ErrorBox message={error} />
      <label>
        Họ và tên
        <input value={form.full_name} onChange={(e) => setForm({ ...form, full_name: e.target.value })} />
      </label>
      <UserProfileFields value={form} departments={departments} onChange={(patch) => setForm({ ...form, ...patch })} />
      <fieldset>
        <legend>Vai trò</legend>
        {(Object.keys(ROLES) as Schemas['Role'][]).map((role) => (
          <label key={role} className="check">
            <input
              type="checkbox"
              checked={roles.includes(role)}
              onChange={(e) => setRoles(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role))}
            />
            {ROLES[role]}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={!form.active} onChange={(e) => setForm({ ...form, active: !e.target.checked })} />
        Khóa tài khoản (không đăng nhập được)
      </label>
      <label>
        Mật khẩu mới (để trống nếu không đổi)
        <input type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Lưu thay đổi
        </button>
        <button type="button" onClick={onClose}>
          Hủy
        </button>
      </div>
    </form>
  );
}
