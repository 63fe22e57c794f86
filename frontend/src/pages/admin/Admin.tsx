/** Quản trị: users and their roles, departments, approval routes, delegations, the days off and the directory of
 * outside agencies (danh bạ liên thông) with the connections of the admin's agency. */
import { useState, type FormEvent } from 'react';
import { api, type Schemas } from '../../api/client';
import { errorMessage, unwrap } from '../../api/errors';
import { ErrorBox, Loading, Notice, PageTitle } from '../../components/ui';
import { DOC_TYPES, ROLES } from '../../lib/labels';
import { useDirectory } from '../../lib/people';
import { useLoad } from '../../lib/useLoad';
import { Delegations } from './Delegations';
import { ExchangeDirectory } from './ExchangeDirectory';
import { Holidays } from './Holidays';
import { UserDialog, UserProfileFields } from './UserDialog';

const TABS = [
  { key: 'users', label: 'Người dùng' },
  { key: 'departments', label: 'Phòng ban' },
  { key: 'routes', label: 'Luồng duyệt' },
  { key: 'delegations', label: 'Ủy quyền' },
  { key: 'holidays', label: 'Lịch nghỉ' },
  { key: 'directory', label: 'Danh bạ liên thông' },
] as const;

export function Admin() {
  const [tab, setTab] = useState<(typeof TABS)[number]['key']>('users');
  return (
    <section>
      <PageTitle>Quản trị</PageTitle>
      <div className="tabs" role="tablist" aria-label="Mục quản trị">
        {TABS.map((t) => (
          <button key={t.key} type="button" role="tab" aria-selected={tab === t.key} className={tab === t.key ? 'tab active' : 'tab'} onClick={() => setTab(t.key)}>
            {t.label}
          </button>
        ))}
      </div>
      {tab === 'users' && <Users />}
      {tab === 'departments' && <Departments />}
      {tab === 'routes' && <Routes />}
      {tab === 'delegations' && <Delegations />}
      {tab === 'holidays' && <Holidays />}
      {tab === 'directory' && <ExchangeDirectory />}
    </section>
  );
}

function Users() {
  const dir = useDirectory();
  const [form, setForm] = useState({ username: '', full_name: '', password: '', position: '', email: '', department_id: '', role: 'chuyen_vien' });
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<Schemas['UserOut'] | null>(null);
  async function setActive(u: Schemas['UserOut'], active: boolean) {
    setError(null);
    try {
      unwrap(await api.PATCH('/api/v1/users/{user_id}', { params: { path: { user_id: u.id } }, body: { is_active: active } }));
      setNotice(active ? `Đã mở khóa tài khoản ${u.username}.` : `Đã khóa tài khoản ${u.username}.`);
      dir.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const body: Schemas['UserIn'] = {
        username: form.username.trim(),
        full_name: form.full_name.trim(),
        password: form.password,
        position: form.position,
        email: form.email.trim(),
        department_id: form.department_id ? Number(form.department_id) : null,
        roles: [form.role as Schemas['Role']],
      };
      unwrap(await api.POST('/api/v1/users', { body }));
      setNotice(`Đã tạo tài khoản ${body.username}.`);
      setForm({ ...form, username: '', full_name: '', password: '', position: '', email: '' });
      dir.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  if (dir.loading && !dir.data) return <Loading />;
  return (
    <>
      <ErrorBox message={dir.error} />
      <Notice message={notice} />
      <ErrorBox message={error} />
      <div className="table-wrap">
        <table aria-label="Người dùng">
          <thead>
            <tr>
              <th>Tên đăng nhập</th>
              <th>Họ và tên</th>
              <th>Chức vụ</th>
              <th>Phòng ban</th>
              <th>Vai trò</th>
              <th>Trạng thái</th>
              <th>Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {dir.data?.users.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>{u.full_name}</td>
                <td>{u.position}</td>
                <td>{dir.data!.department(u.department_id)}</td>
                <td>{u.roles.map((r) => ROLES[r]).join(', ')}</td>
                <td>
                  <span className={u.is_active ? 'badge status-completed' : 'badge status-rejected'}>{u.is_active ? 'Đang hoạt động' : 'Đã khóa'}</span>
                </td>
                <td className="actions">
                  <button type="button" onClick={() => setEditing(u)} aria-label={`Sửa người dùng ${u.username}`}>
                    Sửa
                  </button>
                  <button type="button" className={u.is_active ? 'danger' : undefined} onClick={() => setActive(u, !u.is_active)} aria-label={`${u.is_active ? 'Khóa' : 'Mở khóa'} tài khoản ${u.username}`}>
                    {u.is_active ? 'Khóa' : 'Mở khóa'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <UserDialog
        user={editing}
        departments={dir.data?.departments ?? []}
        onClose={() => setEditing(null)}
        onSaved={(u) => {
          setEditing(null);
          setNotice(`Đã lưu thông tin tài khoản ${u.username}.`);
          dir.reload();
        }}
      />
      <form className="form-grid" onSubmit={submit} noValidate>
        <h2 className="wide">Thêm người dùng</h2>
        <label>
          Tên đăng nhập
          <input value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} />
        </label>
        <label>
          Họ và tên
          <input value={form.full_name} onChange={(e) => setForm({ ...form, full_name: e.target.value })} />
        </label>
        <label>
          Mật khẩu (ít nhất 12 ký tự, khó đoán)
          <input type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
        </label>
        <UserProfileFields value={form} departments={dir.data?.departments ?? []} onChange={(patch) => setForm({ ...form, ...patch })} />
        <label>
          Vai trò
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
            {Object.entries(ROLES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <div className="wide actions">
          <button type="submit" className="primary">
            Thêm người dùng
          </button>
        </div>
      </form>
    </>
  );
}

function Departments() {
  const list = useLoad(async () => unwrap(await api.GET('/api/v1/departments')), []);
  const [name, setName] = useState('');
  const [abbreviation, setAbbreviation] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      unwrap(await api.POST('/api/v1/departments', { body: { name: name.trim(), abbreviation: abbreviation.trim() } }));
      setName('');
      setAbbreviation('');
      list.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <>
      <ErrorBox message={list.error} />
      <ul className="plain-list">
        {list.data?.map((d) => (
          <li key={d.id}>
            {d.name} <span className="muted">({d.abbreviation})</span>
          </li>
        ))}
      </ul>
      <form className="form-grid" onSubmit={submit} noValidate>
        <h2 className="wide">Thêm phòng ban</h2>
        <ErrorBox message={error} />
        <label>
          Tên phòng ban
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Viết tắt
          <input value={abbreviation} onChange={(e) => setAbbreviation(e.target.value)} />
        </label>
        <div className="wide actions">
          <button type="submit" className="primary">
            Thêm phòng ban
          </button>
        </div>
      </form>
    </>
  );
}

interface StepDraft {
  name: string;
  role: Schemas['Role'];
}

function Routes() {
  const list = useLoad(async () => unwrap(await api.GET('/api/v1/workflow/routes')), []);
  const [name, setName] = useState('');
  const [docType, setDocType] = useState('');
  const [steps, setSteps] = useState<StepDraft[]>([
    { name: 'Lãnh đạo phòng xem xét', role: 'lanh_dao_phong' },
    { name: 'Lãnh đạo đơn vị duyệt', role: 'lanh_dao_don_vi' },
  ]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      unwrap(
        await api.POST('/api/v1/workflow/routes', {
          body: {
            name: name.trim(),
            doc_type: (docType || null) as Schemas['DocumentType'] | null,
            steps: steps.map((s) => ({ name: s.name, roles: [s.role], consultation: false })),
          },
        }),
      );
      setNotice('Đã lưu luồng duyệt.');
      setName('');
      list.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <>
      <ErrorBox message={list.error} />
      {list.data?.length === 0 && <p className="muted">Chưa có luồng duyệt nào: văn bản đi chưa thể trình.</p>}
      <ul className="plain-list">
        {list.data?.map((r) => (
          <li key={r.id}>
            <strong>{r.name}</strong> <span className="muted">({r.doc_type ? DOC_TYPES[r.doc_type] : 'mặc định'})</span>:{' '}
            {r.steps.map((s) => s.name || s.roles.map((x) => ROLES[x]).join(', ')).join(' → ')}
          </li>
        ))}
      </ul>
      <form className="form-grid" onSubmit={submit} noValidate>
        <h2 className="wide">Thêm luồng duyệt</h2>
        <Notice message={notice} />
        <ErrorBox message={error} />
        <label>
          Tên luồng
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Áp dụng cho loại văn bản
          <select value={docType} onChange={(e) => setDocType(e.target.value)}>
            <option value="">Mọi loại (luồng mặc định)</option>
            {Object.entries(DOC_TYPES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {steps.map((s, i) => (
          <fieldset key={i} className="wide assign-row">
            <legend>Bước {i + 1}</legend>
            <label>
              Tên bước
              <input value={s.name} onChange={(e) => setSteps(steps.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} />
            </label>
            <label>
              Người duyệt theo vai trò
              <select value={s.role} onChange={(e) => setSteps(steps.map((x, j) => (j === i ? { ...x, role: e.target.value as Schemas['Role'] } : x)))}>
                {Object.entries(ROLES).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            {steps.length > 1 && (
              <button type="button" className="link" onClick={() => setSteps(steps.filter((_, j) => j !== i))}>
                Bỏ bước này
              </button>
            )}
          </fieldset>
        ))}
        <div className="wide actions">
          <button type="button" onClick={() => setSteps([...steps, { name: '', role: 'lanh_dao_don_vi' }])}>
            Thêm bước
          </button>
          <button type="submit" className="primary">
            Lưu luồng duyệt
          </button>
        </div>
      </form>
    </>
  );
}
