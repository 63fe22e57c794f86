/**
 * Văn bản đi: drafts and everything after them, the leader's "chờ tôi duyệt" inbox, and batch signing of the
 * approved documents a leader has selected (each signed by the same API call as one at a time).
 */
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, type Schemas } from '../../api/client';
import { errorMessage, unwrap } from '../../api/errors';
import { useAuth } from '../../auth';
import { ConfirmDialog, type Confirmation } from '../../components/ConfirmDialog';
import { SigningPin } from '../../components/SigningPin';
import { ErrorBox, Loading, Notice, PageTitle, Pager, StatusBadge, UrgencyBadges } from '../../components/ui';
import { formatDate } from '../../lib/dates';
import { useLoad } from '../../lib/useLoad';

type Query = NonNullable<NonNullable<import('../../api/schema').operations['list_outgoing']['parameters']>['query']>;

const VIEWS: { key: string; label: string; status?: Schemas['DocumentStatus']; awaiting?: boolean }[] = [
  { key: '', label: 'Tất cả' },
  { key: 'cho-toi-duyet', label: 'Chờ tôi duyệt', awaiting: true },
  { key: 'du-thao', label: 'Dự thảo', status: 'draft' },
  { key: 'dang-trinh', label: 'Đang trình duyệt', status: 'submitted' },
  { key: 'tra-lai', label: 'Trả lại', status: 'returned' },
  { key: 'cho-ky', label: 'Chờ ký', status: 'approved' },
  { key: 'cho-cap-so', label: 'Chờ cấp số', status: 'signed' },
  { key: 'cho-phat-hanh', label: 'Chờ phát hành', status: 'issued' },
  { key: 'da-phat-hanh', label: 'Đã phát hành', status: 'released' },
];

export function OutgoingList() {
  const { hasRole } = useAuth();
  const [params, setParams] = useSearchParams();
  const viewKey = params.get('view') ?? '';
  const view = VIEWS.find((v) => v.key === viewKey) ?? VIEWS[0];
  const page = Number(params.get('page') ?? '1') || 1;
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const [selected, setSelected] = useState<number[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [pin, setPin] = useState('');

  const list = useLoad(async () => {
    const query: Query = { page, page_size: 20, awaiting_me: !!view.awaiting };
    if (view.status) query.status = view.status;
    if (q) query.q = q;
    return unwrap(await api.GET('/api/v1/outgoing', { params: { query } }));
  }, [view.key, page, q]);

  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes)) next.delete('page');
    setSelected([]);
    setParams(next);
  };

  const signable = (list.data?.items ?? []).filter((d) => d.status === 'approved');
  const canBatchSign = hasRole('lanh_dao_don_vi') && signable.length > 0;

  const [confirming, setConfirming] = useState<Confirmation | null>(null);

  async function batchSign() {
    setBusy(true);
    setError(null);
    setNotice(null);
    const failures: string[] = [];
    let signed = 0;
    const body = { pin };
    setPin('');
    for (const documentId of selected) {
      try {
        unwrap(await api.POST('/api/v1/outgoing/{document_id}/sign', { params: { path: { document_id: documentId } }, body }));
        signed += 1;
      } catch (e) {
        const title = list.data?.items.find((d) => d.id === documentId)?.title ?? `#${documentId}`;
        failures.push(`${title}: ${errorMessage(e)}`);
      }
    }
    setBusy(false);
    setSelected([]);
    if (signed) setNotice(`Đã ký ${signed} văn bản.`);
    if (failures.length) setError(`Không ký được ${failures.length} văn bản — ${failures.join('; ')}`);
    list.reload();
  }

  return (
    <section>
      <PageTitle
        actions={
          <>
            <Link className="button" to="/van-ban-di/soan-tu-mau">
              Soạn từ mẫu
            </Link>
            <Link className="button primary" to="/van-ban-di/soan-thao">
              Soạn dự thảo
            </Link>
          </>
        }
      >
        Văn bản đi
      </PageTitle>
      <div className="tabs" role="tablist" aria-label="Trạng thái văn bản đi">
        {VIEWS.map((v) => (
          <button
            key={v.key}
            type="button"
            role="tab"
            aria-selected={v.key === view.key}
            className={v.key === view.key ? 'tab active' : 'tab'}
            onClick={() => set({ view: v.key })}
          >
            {v.label}
          </button>
        ))}
      </div>
      <form
        className="filters"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          set({ q: text.trim() });
        }}
      >
        <label>
          Từ khóa
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit">Lọc</button>
        {canBatchSign && (
          <>
            <SigningPin value={pin} onChange={setPin} />
            <button
              type="button"
              className="primary"
              disabled={busy || selected.length === 0 || !pin}
              onClick={() =>
                setConfirming({
                  title: 'Xác nhận ký số',
                  message: (
                    <>
                      <p>Đồng chí ký số {selected.length} văn bản, đúng phiên bản đã được duyệt của mỗi văn bản:</p>
                      <ul>
                        {selected.map((documentId) => (
                          <li key={documentId}>{list.data?.items.find((d) => d.id === documentId)?.title ?? `#${documentId}`}</li>
                        ))}
                      </ul>
                      <p>Sau khi ký, các văn bản không thể sửa.</p>
                    </>
                  ),
                  confirm: 'Ký số',
                  onConfirm: () => void batchSign(),
                })
              }
            >
              {busy ? 'Đang ký…' : `Ký số ${selected.length} văn bản đã chọn`}
            </button>
          </>
        )}
      </form>
      <Notice message={notice} />
      <ErrorBox message={error ?? list.error} />
      <ConfirmDialog confirmation={confirming} onClose={() => setConfirming(null)} />
      {list.loading && !list.data && <Loading what="danh sách văn bản" />}
      {list.data && (
        <>
          <div className="table-wrap">
            <table className="doc-table" aria-label="Danh sách văn bản đi">
              <thead>
                <tr>
                  {canBatchSign && <th><span className="sr-only">Chọn để ký</span></th>}
                  <th>Trích yếu</th>
                  <th>Loại</th>
                  <th>Số, ký hiệu</th>
                  <th>Ngày ban hành</th>
                  <th>Trạng thái</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.length === 0 && (
                  <tr>
                    <td colSpan={6} className="muted">
                      Không có văn bản nào.
                    </td>
                  </tr>
                )}
                {list.data.items.map((d) => (
                  <tr key={d.id}>
                    {canBatchSign && (
                      <td>
                        {d.status === 'approved' && (
                          <input
                            type="checkbox"
                            aria-label={`Chọn để ký: ${d.title}`}
                            checked={selected.includes(d.id)}
                            onChange={(e) =>
                              setSelected(e.target.checked ? [...selected, d.id] : selected.filter((x) => x !== d.id))
                            }
                          />
                        )}
                      </td>
                    )}
                    <td>
                      <Link to={`/van-ban-di/${d.id}`}>{d.title}</Link> <UrgencyBadges urgency={d.urgency} secrecy={d.secrecy} />
                    </td>
                    <td>{d.doc_type_label}</td>
                    <td>{d.number_symbol}</td>
                    <td>{formatDate(d.issue_date)}</td>
                    <td>
                      <StatusBadge status={d.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={list.data.page} pageSize={list.data.page_size} total={list.data.total} onPage={(p) => set({ page: String(p) })} />
        </>
      )}
    </section>
  );
}
