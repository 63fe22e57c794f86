/**
 * Tổng quan: the counts of the four incoming views, the overdue list, what waits for my approval, the
 * handling statistics of the period with the on-time rate per department as a chart, and — for văn thư,
 * leaders and admins — the registers to download as XLSX or PDF.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type Schemas } from '../api/client';
import { unwrap } from '../api/errors';
import { useAuth } from '../auth';
import { OnTimeChart } from '../components/OnTimeChart';
import { DeadlineBadge, ErrorBox, Loading, PageTitle, StatusBadge } from '../components/ui';
import { agencyToday, formatDate } from '../lib/dates';
import { REGISTER_KINDS } from '../lib/labels';
import { exportUrl, formatDays, formatRate } from '../lib/reports';
import { useLoad } from '../lib/useLoad';

const CARDS = [
  { key: 'cho_xu_ly', label: 'Chờ xử lý' },
  { key: 'dang_xu_ly', label: 'Đang xử lý' },
  { key: 'qua_han', label: 'Quá hạn' },
  { key: 'da_hoan_thanh', label: 'Đã hoàn thành' },
] as const;

export function Dashboard() {
  const { me, hasRole } = useAuth();
  const incoming = useLoad(
    async () => unwrap(await api.GET('/api/v1/incoming', { params: { query: { view: 'qua_han', page_size: 10, sort: 'deadline' } } })),
    [],
  );
  const awaiting = useLoad(
    async () => unwrap(await api.GET('/api/v1/outgoing', { params: { query: { awaiting_me: true, page_size: 10 } } })),
    [],
  );
  return (
    <section>
      <PageTitle>Xin chào, {me?.full_name}</PageTitle>
      <ErrorBox message={incoming.error} />
      {incoming.loading && <Loading />}
      {incoming.data && (
        <>
          <div className="cards" aria-label="Văn bản đến theo trạng thái">
            {CARDS.map((card) => (
              <Link key={card.key} to={`/van-ban-den?view=${card.key}`} className={`card card-${card.key}`} data-testid={`card-${card.key}`}>
                <span className="card-count">{incoming.data!.counts[card.key]}</span>
                <span>{card.label}</span>
              </Link>
            ))}
          </div>
          <h2>Văn bản đến quá hạn</h2>
          {incoming.data.items.length === 0 ? (
            <p className="muted">Không có văn bản quá hạn.</p>
          ) : (
            <ul className="plain-list" aria-label="Văn bản đến quá hạn">
              {incoming.data.items.map((d) => (
                <li key={d.id}>
                  <Link to={`/van-ban-den/${d.id}`}>{d.title}</Link> <DeadlineBadge deadline={d.deadline} daysLeft={d.days_left} workingDays={d.days_counted === 'ngay_lam_viec'} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <h2>Văn bản đi chờ tôi duyệt</h2>
      <ErrorBox message={awaiting.error} />
      {awaiting.data &&
        (awaiting.data.items.length === 0 ? (
          <p className="muted">Không có văn bản nào chờ duyệt.</p>
        ) : (
          <ul className="plain-list">
            {awaiting.data.items.map((d) => (
              <li key={d.id}>
                <Link to={`/van-ban-di/${d.id}`}>{d.title}</Link> <StatusBadge status={d.status} />
              </li>
            ))}
          </ul>
        ))}
      {/* the API gives statistics to leaders, văn thư and admins (whole agency) and heads of unit (their own) */}
      {hasRole('van_thu', 'lanh_dao_don_vi', 'admin', 'lanh_dao_phong') && (
        <Statistics canExport={hasRole('van_thu', 'lanh_dao_don_vi', 'admin')} />
      )}
    </section>
  );
}

/** "Sổ văn bản đến năm 2026": the server's name already carries the year. */
function registerName(r: Schemas['RegisterOut']): string {
  return r.name || `${REGISTER_KINDS[r.kind]} năm ${r.year}`;
}

function yearStart(): string {
  return `${agencyToday().slice(0, 4)}-01-01`;
}

/** The period's figures (văn bản đến), the chart, and the register downloads for the same period. */
function Statistics({ canExport }: { canExport: boolean }) {
  const [period, setPeriod] = useState({ from: yearStart(), to: agencyToday() });
  const stats = useLoad(
    async () =>
      unwrap(
        await api.GET('/api/v1/reports/statistics', {
          params: { query: { from: period.from || undefined, to: period.to || undefined } },
        }),
      ),
    [period.from, period.to],
  );
  const registers = useLoad(
    async () => (canExport ? unwrap(await api.GET('/api/v1/reports/registers')) : []),
    [canExport],
  );
  const s = stats.data;
  return (
    <>
      <h2>Thống kê xử lý văn bản đến</h2>
      <div className="filters" role="group" aria-label="Kỳ thống kê">
        <label>
          Từ ngày
          <input type="date" value={period.from} max={period.to || undefined} onChange={(e) => setPeriod({ ...period, from: e.target.value })} />
        </label>
        <label>
          Đến ngày
          <input type="date" value={period.to} min={period.from || undefined} onChange={(e) => setPeriod({ ...period, to: e.target.value })} />
        </label>
      </div>
      <ErrorBox message={stats.error} />
      {stats.loading && !s && <Loading what="thống kê" />}
      {s && (
        <div className="stats">
          <p className="muted">
            Từ {formatDate(s.from)} đến {formatDate(s.to)}: {s.totals.received} văn bản đến, tỷ lệ đúng hạn{' '}
            <strong data-testid="total-rate">{formatRate(s.totals.on_time_rate)}</strong>, thời gian xử lý trung bình{' '}
            {formatDays(s.totals.average_handling_days)}.
          </p>
          <OnTimeChart departments={s.departments} />
          <div className="table-wrap">
            <table aria-label="Thống kê theo đơn vị">
              <thead>
                <tr>
                  <th>Đơn vị</th>
                  <th>Văn bản đến</th>
                  <th>Đúng hạn</th>
                  <th>Trễ hạn</th>
                  <th>Quá hạn</th>
                  <th>Đang xử lý</th>
                  <th>TB xử lý</th>
                  <th>Tỷ lệ đúng hạn</th>
                </tr>
              </thead>
              <tbody>
                {[...s.departments, { ...s.totals, department_id: -1, department_name: 'Tổng cộng' }].map((d) => (
                  <tr key={d.department_id ?? 'none'} className={d.department_id === -1 ? 'row-total' : undefined}>
                    <td>{d.department_name}</td>
                    <td>{d.received}</td>
                    <td>{d.completed_on_time}</td>
                    <td>{d.completed_late}</td>
                    <td>{d.overdue}</td>
                    <td>{d.in_progress}</td>
                    <td>{formatDays(d.average_handling_days)}</td>
                    <td>{formatRate(d.on_time_rate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {canExport && (
        <>
          <h2>Sổ đăng ký văn bản</h2>
          <ErrorBox message={registers.error} />
          {registers.data?.length === 0 && <p className="muted">Chưa có sổ văn bản nào.</p>}
          {registers.data && registers.data.length > 0 && (
            <ul className="register-list" aria-label="Sổ đăng ký văn bản">
              {registers.data.map((r) => (
                <li key={r.id}>
                  <span>
                    <strong>{registerName(r)}</strong>{' '}
                    <span className="muted small">({r.last_number} văn bản)</span>
                  </span>
                  <span className="actions">
                    {(['xlsx', 'pdf'] as const).map((format) => (
                      <a
                        key={format}
                        className="button"
                        href={exportUrl(r.export_path, format, period)}
                        download
                        aria-label={`Tải ${registerName(r)} dạng ${format.toUpperCase()}`}
                      >
                        Tải {format === 'xlsx' ? 'Excel' : 'PDF'}
                      </a>
                    ))}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}
