/**
 * Tổng quan: the counts of the four incoming views, the overdue list, and what waits for my approval.
 * Every figure comes from the API; the on-time rate per department needs a report endpoint that does not
 * exist yet, so it is not drawn (docs/FRONTEND.md lists the gap).
 */
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { useAuth } from '../auth';
import { DeadlineBadge, ErrorBox, Loading, PageTitle, StatusBadge } from '../components/ui';
import { useLoad } from '../lib/useLoad';

const CARDS = [
  { key: 'cho_xu_ly', label: 'Chờ xử lý' },
  { key: 'dang_xu_ly', label: 'Đang xử lý' },
  { key: 'qua_han', label: 'Quá hạn' },
  { key: 'da_hoan_thanh', label: 'Đã hoàn thành' },
] as const;

export function Dashboard() {
  const { me } = useAuth();
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
              <Link key={card.key} to={`/van-ban-den?view=${card.key}`} className={`card card-${card.key}`}>
                <span className="card-count">{incoming.data!.counts[card.key]}</span>
                <span>{card.label}</span>
              </Link>
            ))}
          </div>
          <h2>Văn bản đến quá hạn</h2>
          {incoming.data.items.length === 0 ? (
            <p className="muted">Không có văn bản quá hạn.</p>
          ) : (
            <ul className="plain-list">
              {incoming.data.items.map((d) => (
                <li key={d.id}>
                  <Link to={`/van-ban-den/${d.id}`}>{d.title}</Link> <DeadlineBadge deadline={d.deadline} />
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
    </section>
  );
}
