/**
 * Lịch nghỉ: the agency's days off and make-up working days of a year (the official list until the admin
 * saves one), and whether handling deadlines count working days. Saving sends the whole year's list.
 */
import { useState, type FormEvent } from 'react';
import { api, type Schemas } from '../../api/client';
import { errorMessage, unwrap } from '../../api/errors';
import { ErrorBox, Loading, Notice } from '../../components/ui';
import { agencyToday, calendarDay, formatDate } from '../../lib/dates';
import { useLoad } from '../../lib/useLoad';

const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
const KINDS: Record<Schemas['DayKind'], string> = { nghi: 'Ngày nghỉ', lam_bu: 'Ngày làm việc bù' };

function weekday(value: string): string {
  const d = calendarDay(value);
  return WEEKDAYS[new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()];
}

export function Holidays() {
  const thisYear = calendarDay(agencyToday()).year;
  const [year, setYear] = useState(thisYear);
  const calendar = useLoad(async () => unwrap(await api.GET('/api/v1/admin/calendar/{year}', { params: { path: { year } } })), [year]);
  const [form, setForm] = useState({ day: '', kind: 'nghi' as Schemas['DayKind'], name: '' });
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function save(days: Schemas['CalendarDayIn'][], done: string) {
    setError(null);
    try {
      calendar.setData(unwrap(await api.PUT('/api/v1/admin/calendar/{year}', { params: { path: { year } }, body: { days } })));
      setNotice(done);
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    }
  }
  const current = (): Schemas['CalendarDayIn'][] => (calendar.data?.days ?? []).map((d) => ({ day: d.day, kind: d.kind, name: d.name }));

  async function add(e: FormEvent) {
    e.preventDefault();
    if (!form.day || !form.name.trim()) {
      setError('Nhập ngày và tên ngày.');
      return;
    }
    if (await save([...current(), { day: form.day, kind: form.kind, name: form.name.trim() }], `Đã thêm ngày ${formatDate(form.day)}.`)) {
      setForm({ day: '', kind: 'nghi', name: '' });
    }
  }

  async function remove(day: string) {
    await save(
      current().filter((d) => d.day !== day),
      `Đã bỏ ngày ${formatDate(day)}.`,
    );
  }

  async function official() {
    setError(null);
    try {
      unwrap(await api.DELETE('/api/v1/admin/calendar/{year}', { params: { path: { year } } }));
      setNotice(`Đã dùng lại danh sách chính thức năm ${year}.`);
      calendar.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function counting(working_days: boolean) {
    setError(null);
    try {
      unwrap(await api.PUT('/api/v1/admin/calendar/settings', { body: { working_days } }));
      setNotice(working_days ? 'Hạn xử lý được tính theo ngày làm việc.' : 'Hạn xử lý được tính theo ngày.');
      calendar.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  if (calendar.loading && !calendar.data) return <Loading />;
  const data = calendar.data;
  return (
    <>
      <ErrorBox message={error ?? calendar.error} />
      <Notice message={notice} />
      <div className="filters">
        <label>
          Năm{' '}
          <select value={year} onChange={(e) => setYear(Number(e.target.value))} aria-label="Năm">
            {[thisYear - 1, thisYear, thisYear + 1].map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        {data && (
          <label className="check">
            <input type="checkbox" checked={data.working_days} onChange={(e) => void counting(e.target.checked)} /> Tính hạn xử lý theo ngày làm việc (bỏ thứ Bảy, Chủ nhật và ngày nghỉ)
          </label>
        )}
      </div>
      {data && (
        <p className="muted">
          {data.customized ? `Danh sách riêng của cơ quan cho năm ${year}.` : `Danh sách chính thức năm ${year}; quản trị viên kiểm tra lại khi Chính phủ công bố lịch nghỉ.`}{' '}
          Năm {year} có {data.working_day_count} ngày làm việc.{' '}
          {data.customized && (
            <button type="button" className="link" onClick={() => void official()}>
              Dùng danh sách chính thức
            </button>
          )}
        </p>
      )}
      <div className="table-wrap">
        <table aria-label="Lịch nghỉ">
          <thead>
            <tr>
              <th>Ngày</th>
              <th>Thứ</th>
              <th>Loại</th>
              <th>Tên</th>
              <th>Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {data?.days.map((d) => (
              <tr key={d.day}>
                <td>{formatDate(d.day)}</td>
                <td>{weekday(d.day)}</td>
                <td>{KINDS[d.kind]}</td>
                <td>
                  {d.name}
                  {!d.official && <small className="muted"> (của cơ quan)</small>}
                </td>
                <td>
                  <button type="button" className="danger" onClick={() => void remove(d.day)} aria-label={`Bỏ ngày ${formatDate(d.day)}`}>
                    Bỏ
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form className="form-grid" onSubmit={add} noValidate>
        <h2 className="wide">Thêm ngày nghỉ hoặc ngày làm bù</h2>
        <label>
          Ngày
          <input type="date" value={form.day} min={`${year}-01-01`} max={`${year}-12-31`} onChange={(e) => setForm({ ...form, day: e.target.value })} />
        </label>
        <label>
          Loại
          <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as Schemas['DayKind'] })}>
            <option value="nghi">{KINDS.nghi}</option>
            <option value="lam_bu">{KINDS.lam_bu} (thứ Bảy, Chủ nhật)</option>
          </select>
        </label>
        <label>
          Tên ngày
          <input value={form.name} maxLength={255} onChange={(e) => setForm({ ...form, name: e.target.value })} placeholder="Ví dụ: Nghỉ bù Quốc khánh" />
        </label>
        <div className="wide actions">
          <button type="submit" className="primary">
            Thêm
          </button>
        </div>
      </form>
    </>
  );
}
