/**
 * Văn bản đến: the four views (chờ xử lý, đang xử lý, quá hạn, đã hoàn thành), filters, sorting and paging.
 * Everything lives in the URL, so a view can be bookmarked and the back button works.
 */
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/errors';
import { useAuth } from '../../auth';
import { LabeledSelect } from '../../components/DocumentFields';
import {
  DeadlineBadge,
  ErrorBox,
  formatCount,
  Loading,
  PageTitle,
  Pager,
  StatusBadge,
  UrgencyBadges,
} from '../../components/ui';
import { formatDate, formatDateTime } from '../../lib/dates';
import { DOC_TYPES, URGENCY } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import { CancelEntryButton } from './IncomingRegister';

type Query = NonNullable<NonNullable<import('../../api/schema').operations['list_incoming']['parameters']>['query']>;
type View = Schemas['InboxView'];
type Sort = NonNullable<Query['sort']>;

type Counts = Schemas['InboxCounts'];
// `capped`: the API stops counting this view past 10 000 and says so (shown "hơn 10.000").
const VIEWS: { key: View | ''; label: string; count: keyof Counts; capped?: keyof Counts }[] = [
  { key: '', label: 'Tất cả', count: 'all', capped: 'all_capped' },
  { key: 'cho_xu_ly', label: 'Chờ xử lý', count: 'cho_xu_ly' },
  { key: 'dang_xu_ly', label: 'Đang xử lý', count: 'dang_xu_ly' },
  { key: 'qua_han', label: 'Quá hạn', count: 'qua_han' },
  { key: 'da_hoan_thanh', label: 'Đã hoàn thành', count: 'da_hoan_thanh', capped: 'da_hoan_thanh_capped' },
];

const SORTABLE: { key: 'number' | 'title' | 'arrived_at' | 'deadline'; label: string }[] = [
  { key: 'number', label: 'Số đến' },
  { key: 'title', label: 'Trích yếu' },
  { key: 'arrived_at', label: 'Ngày đến' },
  { key: 'deadline', label: 'Hạn xử lý' },
];

export function IncomingList() {
  const { hasRole } = useAuth();
  const [params, setParams] = useSearchParams();
  const view = (params.get('view') ?? '') as View | '';
  const sort = (params.get('sort') ?? '-arrived_at') as Sort;
  const page = Number(params.get('page') ?? '1') || 1;
  const q = params.get('q') ?? '';
  const docType = (params.get('doc_type') ?? '') as Schemas['DocumentType'] | '';
  const urgency = (params.get('urgency') ?? '') as Schemas['Urgency'] | '';
  const from = params.get('tu_ngay') ?? '';
  const to = params.get('den_ngay') ?? '';
  const mine = params.get('cua_toi') === '1';
  // Chờ cho ý kiến: what the văn thư presented to me (a leader) and I have not directed yet.
  const awaiting = params.get('cho_y_kien') === '1';
  const [draft, setDraft] = useState({ q, docType, urgency, from, to, mine });

  const list = useLoad(async () => {
    const query: Query = { sort, page, page_size: 20, mine, awaiting_direction: awaiting };
    if (view) query.view = view;
    if (q) query.q = q;
    if (docType) query.doc_type = docType;
    if (urgency) query.urgency = urgency;
    if (from) query.arrived_from = from;
    if (to) query.arrived_to = to;
    return unwrap(await api.GET('/api/v1/incoming', { params: { query } }));
  }, [view, sort, page, q, docType, urgency, from, to, mine, awaiting]);

  function update(changes: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  }

  function applyFilters(event: FormEvent) {
    event.preventDefault();
    update({
      q: draft.q.trim(),
      doc_type: draft.docType,
      urgency: draft.urgency,
      tu_ngay: draft.from,
      den_ngay: draft.to,
      cua_toi: draft.mine ? '1' : '',
    });
  }

  function sortBy(key: string) {
    update({ sort: sort === key ? `-${key}` : key });
  }

  return (
    <section>
      <PageTitle
        actions={
          hasRole('van_thu', 'admin') && (
            <Link className="button primary" to="/van-ban-den/vao-so">
              Vào sổ văn bản đến
            </Link>
          )
        }
      >
        Văn bản đến
      </PageTitle>
      <div className="tabs" role="tablist" aria-label="Trạng thái xử lý">
        {VIEWS.map((v) => (
          <button
            key={v.key}
            type="button"
            role="tab"
            aria-selected={view === v.key && !awaiting}
            className={view === v.key && !awaiting ? 'tab active' : 'tab'}
            onClick={() => update({ view: v.key, cho_y_kien: '' })}
          >
            {v.label}
            {list.data && (
              <span className="count">
                {formatCount(Number(list.data.counts[v.count]), v.capped !== undefined && Boolean(list.data.counts[v.capped]))}
              </span>
            )}
          </button>
        ))}
        {hasRole('lanh_dao_don_vi') && (
          <button
            type="button"
            role="tab"
            aria-selected={awaiting}
            className={awaiting ? 'tab active' : 'tab'}
            onClick={() => update({ view: '', cho_y_kien: '1' })}
          >
            Chờ cho ý kiến
            {list.data && <span className="count">{list.data.counts.cho_y_kien}</span>}
          </button>
        )}
      </div>
      <form className="filters" onSubmit={applyFilters} aria-label="Bộ lọc">
        <label>
          Từ khóa
          <input type="search" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
        </label>
        <LabeledSelect
          label="Loại văn bản"
          value={draft.docType}
          options={DOC_TYPES}
          empty="Tất cả"
          onChange={(docType) => setDraft({ ...draft, docType })}
        />
        <LabeledSelect
          label="Độ khẩn"
          value={draft.urgency}
          options={URGENCY}
          empty="Tất cả"
          onChange={(urgency) => setDraft({ ...draft, urgency })}
        />
        <label>
          Đến từ ngày
          <input type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </label>
        <label>
          Đến ngày
          <input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.mine}
            onChange={(e) => {
              // A switch, not a field: it filters at once (before, nothing changed until "Lọc").
              setDraft({ ...draft, mine: e.target.checked });
              update({ cua_toi: e.target.checked ? '1' : '' });
            }}
          />
          Chỉ văn bản giao cho tôi
        </label>
        <button type="submit">Lọc</button>
      </form>
      <ErrorBox message={list.error} />
      {list.loading && !list.data && <Loading what="danh sách văn bản" />}
      {list.data && (
        <>
          <div className="table-wrap">
            <table className="doc-table" aria-label="Danh sách văn bản đến">
              <thead>
                <tr>
                  {SORTABLE.map((col) => {
                    const state = sort === col.key ? 'ascending' : sort === `-${col.key}` ? 'descending' : 'none';
                    return (
                      <th key={col.key} aria-sort={state}>
                        <button type="button" className="sort" onClick={() => sortBy(col.key)}>
                          {col.label}
                          <span aria-hidden="true">{state === 'ascending' ? ' ▲' : state === 'descending' ? ' ▼' : ''}</span>
                        </button>
                      </th>
                    );
                  })}
                  <th>Số, ký hiệu</th>
                  <th>Nơi ban hành</th>
                  <th>Trạng thái</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.length === 0 && (
                  <tr>
                    <td colSpan={7} className="muted">
                      Không có văn bản nào.
                    </td>
                  </tr>
                )}
                {list.data.items.map((d) => (
                  <tr key={d.id} className={d.overdue ? 'row-overdue' : undefined}>
                    <td>{d.register_number ?? ''}</td>
                    <td>
                      <Link to={`/van-ban-den/${d.id}`}>{d.title}</Link> <UrgencyBadges urgency={d.urgency} secrecy={d.secrecy} />
                      <div className="muted small">{d.doc_type_label}</div>
                    </td>
                    <td title={formatDateTime(d.arrived_at)}>{formatDate(d.arrived_at)}</td>
                    <td>
                      <DeadlineBadge deadline={d.deadline} done={d.status === 'completed'} daysLeft={d.days_left} workingDays={d.days_counted === 'ngay_lam_viec'} />
                    </td>
                    <td>{d.number_symbol}</td>
                    <td>{d.issuer}</td>
                    <td>
                      <StatusBadge status={d.status} />
                      {hasRole('van_thu') && <CancelEntryButton document={d} onDone={list.reload} />}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            page={list.data.page}
            pageSize={list.data.page_size}
            total={list.data.total}
            totalCapped={list.data.total_capped}
            onPage={(p) => update({ page: String(p) })}
          />
        </>
      )}
    </section>
  );
}
