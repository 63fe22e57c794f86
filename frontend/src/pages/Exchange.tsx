/**
 * Liên thông: released documents and, per outside recipient, the exchange status the API reports. The
 * văn thư's queue of packages received from other agencies needs the exchange API (docs/FRONTEND.md).
 */
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { ErrorBox, Loading, PageTitle, StatusBadge } from '../components/ui';
import { formatDate } from '../lib/dates';
import { useLoad } from '../lib/useLoad';

export function Exchange() {
  const released = useLoad(
    async () => unwrap(await api.GET('/api/v1/outgoing', { params: { query: { status: 'released', page_size: 50 } } })),
    [],
  );
  return (
    <section>
      <PageTitle>Liên thông văn bản</PageTitle>
      <h2>Văn bản đã phát hành</h2>
      <p className="muted">Mở văn bản để xem tình trạng gửi tới từng nơi nhận.</p>
      <ErrorBox message={released.error} />
      {released.loading && <Loading />}
      {released.data && (
        <div className="table-wrap">
          <table aria-label="Văn bản đã phát hành">
            <thead>
              <tr>
                <th>Số, ký hiệu</th>
                <th>Trích yếu</th>
                <th>Ngày ban hành</th>
                <th>Trạng thái</th>
              </tr>
            </thead>
            <tbody>
              {released.data.items.length === 0 && (
                <tr>
                  <td colSpan={4} className="muted">
                    Chưa có văn bản nào được phát hành.
                  </td>
                </tr>
              )}
              {released.data.items.map((d) => (
                <tr key={d.id}>
                  <td>{d.number_symbol}</td>
                  <td>
                    <Link to={`/van-ban-di/${d.id}`}>{d.title}</Link>
                  </td>
                  <td>{formatDate(d.issue_date)}</td>
                  <td>
                    <StatusBadge status={d.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
