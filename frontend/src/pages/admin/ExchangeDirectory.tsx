/**
 * Danh bạ liên thông (quản trị): the agency directory — sync it from the VXP axis, add and change the agencies
 * reached by the province's own platform or a direct peer — and the connections with their health.
 */
import { useState, type FormEvent } from 'react';
import { api, type Schemas } from '../../api/client';
import { errorMessage, unwrap } from '../../api/errors';
import { ErrorBox, Loading, Notice } from '../../components/ui';
import { formatDateTime } from '../../lib/dates';
import { useLoad } from '../../lib/useLoad';
import { routeLabel, TRANSPORTS, type Entry } from '../outgoing/OutsideRecipients';

const PAGE_SIZE = 50;
const EMPTY = { organ_id: '', name: '', parent_organ_id: '' };

/** The newest package over a connection or to an agency, in words. */
export function healthLabel(health: Schemas['Health'] | null | undefined): string {
  if (!health) return 'Chưa gửi lần nào';
  const counts = [health.pending ? `${health.pending} đang chờ` : '', health.failed ? `${health.failed} thất bại` : ''].filter(Boolean).join(', ');
  const state =
    health.state === 'delivered'
      ? `Gửi được lúc ${formatDateTime(health.delivered_at)}`
      : health.state === 'failed'
        ? 'Lần gửi gần nhất thất bại'
        : health.attempts
          ? `Đang gửi lại (đã thử ${health.attempts} lần)`
          : 'Đang chờ gửi';
  return counts ? `${state} · ${counts}` : state;
}

export function ExchangeDirectory() {
  const [query, setQuery] = useState('');
  const [applied, setApplied] = useState('');
  const [inactive, setInactive] = useState(false);
  const [page, setPage] = useState(0);
  const list = useLoad(
    async () => unwrap(await api.GET('/api/v1/exchange/directory', { params: { query: { q: applied, include_inactive: inactive, limit: PAGE_SIZE, offset: page * PAGE_SIZE } } })),
    [applied, inactive, page],
  );
  const connections = useLoad(async () => unwrap(await api.GET('/api/v1/exchange/directory/connections')), []);
  const [form, setForm] = useState(EMPTY);
  const [editing, setEditing] = useState<Entry | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function act(work: () => Promise<string>) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setNotice(await work());
      list.reload();
      connections.reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const sync = () =>
    act(async () => {
      const r = unwrap(await api.POST('/api/v1/exchange/directory/sync'));
      return `Đã đồng bộ ${r.listed} cơ quan từ trục VXP: thêm ${r.added}, cập nhật ${r.updated}, ngừng sử dụng ${r.deactivated}, giữ nguyên ${r.kept_manual} mục nhập tay.`;
    });

  const setActive = (e: Entry, active: boolean) =>
    act(async () => {
      unwrap(await api.PATCH('/api/v1/exchange/directory/{entry_id}', { params: { path: { entry_id: e.id } }, body: { active } }));
      return active ? `Đã sử dụng lại ${e.name}.` : `Đã ngừng sử dụng ${e.name}.`;
    });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.name.trim() || (!editing && !form.organ_id.trim())) {
      setError('Cần mã định danh và tên cơ quan.');
      return;
    }
    void act(async () => {
      if (editing) {
        unwrap(
          await api.PATCH('/api/v1/exchange/directory/{entry_id}', {
            params: { path: { entry_id: editing.id } },
            body: { name: form.name.trim(), parent_organ_id: form.parent_organ_id.trim() },
          }),
        );
      } else {
        unwrap(await api.POST('/api/v1/exchange/directory', { body: { organ_id: form.organ_id.trim(), name: form.name.trim(), parent_organ_id: form.parent_organ_id.trim(), active: true } }));
      }
      const saved = editing ? `Đã lưu ${form.name.trim()}.` : `Đã thêm ${form.name.trim()} vào danh bạ.`;
      setEditing(null);
      setForm(EMPTY);
      return saved;
    });
  }

  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <>
      <ErrorBox message={error ?? list.error} />
      <Notice message={notice} />
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setPage(0);
          setApplied(query.trim());
        }}
      >
        <label>
          Tìm cơ quan
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Tên hoặc mã định danh, có dấu hay không dấu" />
        </label>
        <label className="check">
          <input type="checkbox" checked={inactive} onChange={(e) => { setPage(0); setInactive(e.target.checked); }} />
          Cả cơ quan đã ngừng sử dụng
        </label>
        <button type="submit">Tìm</button>
        <button type="button" className="primary" disabled={busy} onClick={() => void sync()}>
          {busy ? 'Đang xử lý…' : 'Đồng bộ từ trục VXP'}
        </button>
      </form>
      {list.loading && !list.data ? (
        <Loading />
      ) : (
        <div className="table-wrap">
          <table aria-label="Danh bạ cơ quan liên thông">
            <thead>
              <tr>
                <th>Mã định danh</th>
                <th>Tên cơ quan</th>
                <th>Cơ quan chủ quản</th>
                <th>Nguồn</th>
                <th>Kết nối</th>
                <th>Tình trạng gửi</th>
                <th>Đồng bộ lúc</th>
                <th>Thao tác</th>
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map((e) => (
                <tr key={e.id}>
                  <td>{e.organ_id}</td>
                  <td>{e.name}</td>
                  <td>{e.parent_name || e.parent_organ_id}</td>
                  <td>{e.source === 'vxp' ? 'Trục VXP' : 'Nhập tay'}</td>
                  <td>
                    <span className={e.reachable ? 'badge status-completed' : 'badge status-rejected'}>{routeLabel(e)}</span>
                  </td>
                  <td>
                    {healthLabel(e.health)}
                    {e.health?.last_error && <div className="muted">{e.health.last_error}</div>}
                  </td>
                  <td>{e.synced_at ? formatDateTime(e.synced_at) : '—'}</td>
                  <td className="actions">
                    {e.source === 'manual' && (
                      <>
                        <button
                          type="button"
                          aria-label={`Sửa ${e.name}`}
                          onClick={() => {
                            setEditing(e);
                            setForm({ organ_id: e.organ_id, name: e.name, parent_organ_id: e.parent_organ_id });
                          }}
                        >
                          Sửa
                        </button>
                        <button type="button" className={e.active ? 'danger' : undefined} disabled={busy} onClick={() => void setActive(e, !e.active)} aria-label={`${e.active ? 'Ngừng sử dụng' : 'Sử dụng lại'} ${e.name}`}>
                          {e.active ? 'Ngừng sử dụng' : 'Sử dụng lại'}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label="Phân trang">
        <button type="button" disabled={page <= 0} onClick={() => setPage(page - 1)}>
          ‹ Trang trước
        </button>
        <span>
          Trang {page + 1}/{pages} · {total} cơ quan
        </span>
        <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
          Trang sau ›
        </button>
      </nav>
      <form className="form-grid" onSubmit={submit} noValidate>
        <h2 className="wide">{editing ? `Sửa ${editing.name}` : 'Thêm cơ quan (nền tảng của tỉnh, kết nối trực tiếp)'}</h2>
        <label>
          Mã định danh
          <input value={form.organ_id} disabled={!!editing} onChange={(e) => setForm({ ...form, organ_id: e.target.value })} placeholder="000.00.12.H40" />
        </label>
        <label>
          Tên cơ quan
          <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label>
          Mã cơ quan chủ quản
          <input value={form.parent_organ_id} onChange={(e) => setForm({ ...form, parent_organ_id: e.target.value })} />
        </label>
        <div className="wide actions">
          <button type="submit" className="primary" disabled={busy}>
            {editing ? 'Lưu' : 'Thêm vào danh bạ'}
          </button>
          {editing && (
            <button type="button" onClick={() => { setEditing(null); setForm(EMPTY); }}>
              Hủy
            </button>
          )}
        </div>
      </form>
      <h2>Kết nối liên thông</h2>
      <ErrorBox message={connections.error} />
      <div className="table-wrap">
        <table aria-label="Kết nối liên thông">
          <thead>
            <tr>
              <th>Tới</th>
              <th>Phương thức</th>
              <th>Địa chỉ</th>
              <th>Tình trạng</th>
            </tr>
          </thead>
          <tbody>
            {connections.data?.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  Chưa khai báo kết nối nào: chưa gửi liên thông được tới cơ quan ngoài.
                </td>
              </tr>
            )}
            {connections.data?.map((c) => (
              <tr key={c.organ_id}>
                <td>{c.is_default ? 'Mọi cơ quan khác (tuyến mặc định)' : `${c.name || c.organ_id} (${c.organ_id})`}</td>
                <td>{TRANSPORTS[c.transport]}</td>
                <td>
                  {c.endpoint}
                  {c.account && <div className="muted">Mã hệ thống: {c.account}</div>}
                </td>
                <td>
                  {healthLabel(c.health)}
                  {c.health?.last_error && <div className="muted">{c.health.last_error}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
