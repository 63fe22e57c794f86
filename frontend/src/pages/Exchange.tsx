/**
 * Liên thông: the văn thư's queue of documents received from other agencies (accept into the incoming
 * register, or refuse with a reason that goes back to the sender), and each released document's status at
 * every outside recipient (sent, arrived, accepted, refused with the reason, completed).
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type Schemas } from '../api/client';
import { errorMessage, unwrap } from '../api/errors';
import { useAuth } from '../auth';
import { Dialog } from '../components/Dialog';
import { RecipientStatuses } from '../components/RecipientStatuses';
import { ErrorBox, Loading, Notice, PageTitle, StatusBadge } from '../components/ui';
import { formatDate, formatDateTime } from '../lib/dates';
import { ACCEPT_KEYS, type AcceptForm, type AcceptKey, acceptBody, acceptForm, SOURCE_LABEL, sourceOf } from '../lib/acceptPrefill';
import { packageFiles } from '../lib/exchange';
import { DOC_TYPES, RECEIVED_STATE, URGENCY } from '../lib/labels';
import { useLoad } from '../lib/useLoad';
import { ReasonDialog } from './outgoing/ReasonDialog';

const TABS = [
  { key: 'received', label: 'Văn bản liên thông đến' },
  { key: 'sent', label: 'Văn bản đã gửi' },
] as const;

export function Exchange() {
  const { hasRole } = useAuth();
  const clerk = hasRole('van_thu', 'admin');
  const [tab, setTab] = useState<(typeof TABS)[number]['key']>(clerk ? 'received' : 'sent');
  const tabs = TABS.filter((t) => clerk || t.key === 'sent');
  return (
    <section>
      <PageTitle>Liên thông văn bản</PageTitle>
      <div className="tabs" role="tablist" aria-label="Mục liên thông">
        {tabs.map((t) => (
          <button
            key={t.key}
            type="button"
            role="tab"
            aria-selected={tab === t.key}
            className={tab === t.key ? 'tab active' : 'tab'}
            onClick={() => setTab(t.key)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tab === 'received' && clerk ? <ReceivedQueue /> : <SentDocuments />}
    </section>
  );
}

type ReceivedFilter = Schemas['ReceivedState'] | '';

/** A recall (thu hồi) the sender sent for a document it had sent here: agreed or refused, never registered. */
const isRecall = (item: Schemas['ReceivedOut']) => item.business_type === 'revocation';

/** A package that replaces (BussinessDocType 3) or corrects (2) a document the sender sent before. */
const SUPERSEDING: Record<string, string> = { replacement: 'Văn bản thay thế', update: 'Văn bản đính chính' };

function ReceivedQueue() {
  const [filter, setFilter] = useState<ReceivedFilter>('pending');
  const queue = useLoad(
    async () =>
      unwrap(await api.GET('/api/v1/exchange/received', { params: { query: { state: filter || undefined, limit: 100 } } })),
    [filter],
  );
  const [opened, setOpened] = useState<Schemas['ReceivedOut'] | null>(null);
  const [refusing, setRefusing] = useState<Schemas['ReceivedOut'] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function accept(item: Schemas['ReceivedOut'], body: Schemas['AcceptIn'] = {}) {
    setError(null);
    try {
      const path = { params: { path: { received_id: item.id } } };
      const done = unwrap(
        isRecall(item)
          ? await api.POST('/api/v1/exchange/received/{received_id}/recall/agree', path)
          : await api.POST('/api/v1/exchange/received/{received_id}/accept', { ...path, body }),
      );
      setNotice(
        isRecall(item)
          ? `Đã đồng ý thu hồi văn bản ${item.number}/${item.symbol}; văn bản đến đã được đánh dấu thu hồi.`
          : `Đã tiếp nhận văn bản ${item.number}/${item.symbol} và vào sổ văn bản đến.`,
      );
      setOpened(null);
      queue.reload();
      return done;
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  async function refuse(item: Schemas['ReceivedOut'], reason: string) {
    setError(null);
    try {
      const request = { params: { path: { received_id: item.id } }, body: { reason } };
      unwrap(
        isRecall(item)
          ? await api.POST('/api/v1/exchange/received/{received_id}/recall/refuse', request)
          : await api.POST('/api/v1/exchange/received/{received_id}/refuse', request),
      );
      setNotice(
        isRecall(item)
          ? `Đã từ chối thu hồi văn bản ${item.number}/${item.symbol}; lý do đã được gửi lại cơ quan gửi.`
          : `Đã từ chối văn bản ${item.number}/${item.symbol}; lý do đã được gửi lại cơ quan gửi.`,
      );
      setRefusing(null);
      setOpened(null);
      queue.reload();
    } catch (err) {
      setError(errorMessage(err));
      setRefusing(null);
    }
  }

  return (
    <>
      <div className="filters">
        <label>
          Trạng thái
          <select value={filter} onChange={(e) => setFilter(e.target.value as ReceivedFilter)}>
            <option value="">Tất cả</option>
            {Object.entries(RECEIVED_STATE).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Notice message={notice} />
      <ErrorBox message={error ?? queue.error} />
      {queue.loading && !queue.data && <Loading />}
      {queue.data && (
        <div className="table-wrap">
          <table aria-label="Văn bản liên thông đến">
            <thead>
              <tr>
                <th>Cơ quan gửi</th>
                <th>Số, ký hiệu</th>
                <th>Trích yếu</th>
                <th>Ngày ban hành</th>
                <th>Nhận lúc</th>
                <th>Trạng thái</th>
                <th>Thao tác</th>
              </tr>
            </thead>
            <tbody>
              {queue.data.items.length === 0 && (
                <tr>
                  <td colSpan={7} className="muted">
                    {filter === 'pending' ? 'Không có văn bản nào chờ tiếp nhận.' : 'Chưa có văn bản liên thông đến.'}
                  </td>
                </tr>
              )}
              {queue.data.items.map((item) => (
                <tr key={item.id}>
                  <td>{item.sender_name || item.sender_organ_id}</td>
                  <td>{[item.number, item.symbol].filter(Boolean).join('/')}</td>
                  <td>
                    <button type="button" className="link" onClick={() => setOpened(item)}>
                      {item.subject || '(không có trích yếu)'}
                    </button>
                  </td>
                  <td>{formatDate(item.promulgation_date)}</td>
                  <td>{formatDateTime(item.created_at)}</td>
                  <td>
                    {isRecall(item) && <span className="badge">Đề nghị thu hồi</span>}
                    {SUPERSEDING[item.business_type] && <span className="badge">{SUPERSEDING[item.business_type]}</span>}{' '}
                    <span className={`badge received-${item.state}`}>{RECEIVED_STATE[item.state]}</span>
                    {item.reason && <div className="muted small">Lý do: {item.reason}</div>}
                    {item.incoming_document_id && (
                      <div>
                        <Link to={`/van-ban-den/${item.incoming_document_id}`}>Mở văn bản đến</Link>
                      </div>
                    )}
                  </td>
                  <td>
                    {item.state === 'pending' && (
                      <span className="actions">
                        {isRecall(item) ? (
                          <button type="button" className="primary" onClick={() => accept(item)} aria-label={`Đồng ý thu hồi: ${item.subject}`}>
                            Đồng ý thu hồi
                          </button>
                        ) : (
                          <button type="button" className="primary" onClick={() => accept(item)} aria-label={`Tiếp nhận: ${item.subject}`}>
                            Tiếp nhận
                          </button>
                        )}
                        <button type="button" className="danger" onClick={() => setRefusing(item)} aria-label={`Từ chối: ${item.subject}`}>
                          Từ chối
                        </button>
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ReceivedDialog
        item={opened}
        onClose={() => setOpened(null)}
        onAccept={accept}
        onRefuse={(item) => setRefusing(item)}
      />
      <ReasonDialog
        title={refusing && isRecall(refusing) ? 'Từ chối thu hồi văn bản' : 'Từ chối tiếp nhận văn bản'}
        confirm="Từ chối"
        open={refusing !== null}
        onClose={() => setRefusing(null)}
        onConfirm={async (reason) => {
          if (refusing) await refuse(refusing, reason);
        }}
      />
    </>
  );
}

/** The package's metadata, its files to look at, and the signature check eOffice ran on arrival. */
function ReceivedDialog({
  item,
  onClose,
  onAccept,
  onRefuse,
}: {
  item: Schemas['ReceivedOut'] | null;
  onClose: () => void;
  onAccept: (item: Schemas['ReceivedOut'], body?: Schemas['AcceptIn']) => void;
  onRefuse: (item: Schemas['ReceivedOut']) => void;
}) {
  const prefill = useLoad(
    async () =>
      item && item.state === 'pending' && !isRecall(item)
        ? unwrap(
            await api.GET('/api/v1/exchange/received/{received_id}/prefill', { params: { path: { received_id: item.id } } }),
          )
        : null,
    [item?.id],
  );
  // The văn thư's edits belong to the answer they were made on; a new answer starts from its own values.
  const [edited, setEdited] = useState<{ of: Schemas['AcceptPrefill']; form: AcceptForm } | null>(null);
  const form = prefill.data ? (edited?.of === prefill.data ? edited.form : acceptForm(prefill.data)) : null;
  const setForm = (next: AcceptForm) => prefill.data && setEdited({ of: prefill.data, form: next });
  const detail = useLoad(
    async () =>
      item
        ? unwrap(await api.GET('/api/v1/exchange/received/{received_id}', { params: { path: { received_id: item.id } } }))
        : null,
    [item?.id],
  );
  const d = detail.data;
  const files = d ? packageFiles(d) : [];
  return (
    <Dialog title="Văn bản liên thông đến" open={item !== null} onClose={onClose}>
      <ErrorBox message={detail.error} />
      {detail.loading && <Loading />}
      {d && (
        <div>
          <p>
            <strong>{d.subject}</strong>
          </p>
          <dl className="kvs">
            <div className="kv">
              <dt>Cơ quan gửi</dt>
              <dd>
                {d.sender_name} <span className="muted small">({d.sender_organ_id})</span>
              </dd>
            </div>
            <div className="kv">
              <dt>Số, ký hiệu</dt>
              <dd>{[d.number, d.symbol].filter(Boolean).join('/')}</dd>
            </div>
            <div className="kv">
              <dt>Ngày ban hành</dt>
              <dd>{formatDate(d.promulgation_date)}</dd>
            </div>
            <div className="kv">
              <dt>Trạng thái</dt>
              <dd>
                {RECEIVED_STATE[d.state]}
                {d.reason && ` — ${d.reason}`}
              </dd>
            </div>
          </dl>
          {(d.replaces ?? []).length > 0 && (
            <p role="note">
              {d.business_type === 'update' ? 'Đính chính' : 'Thay thế'} văn bản đã vào sổ:{' '}
              {(d.replaces ?? []).map((r, i) => (
                <span key={r.incoming_document_id}>
                  {i > 0 && ', '}
                  <Link to={`/van-ban-den/${r.incoming_document_id}`}>{r.number_symbol ? `số ${r.number_symbol}` : r.title}</Link>
                </span>
              ))}
            </p>
          )}
          <h3>Tệp và chữ ký số</h3>
          {files.length === 0 ? (
            <p className="muted">Gói tin không có tệp.</p>
          ) : (
            <ul className="plain-list" aria-label="Tệp trong gói tin">
              {files.map((f) => (
                <li key={f.index}>
                  <a href={`/api/v1/exchange/received/${d.id}/files/${f.index}`} download>
                    {f.name}
                  </a>{' '}
                  {f.signature === 'valid' && <span className="verdict verdict-ok">(chữ ký số hợp lệ)</span>}
                  {f.signature === 'invalid' && (
                    <span className="verdict verdict-bad">(chữ ký số không hợp lệ{f.problem ? `: ${f.problem}` : ''})</span>
                  )}
                  {f.signature === 'none' && <span className="muted small">(không có chữ ký số)</span>}
                </li>
              ))}
            </ul>
          )}
          {d.state === 'pending' && !isRecall(d) && (
            <AcceptFields prefill={prefill.data} form={form} onChange={setForm} loading={prefill.loading} error={prefill.error} />
          )}
          {d.state === 'pending' && (
            <div className="actions">
              <button
                type="button"
                className="primary"
                onClick={() => onAccept(d, prefill.data && form ? acceptBody(prefill.data, form) : {})}
              >
                {isRecall(d) ? 'Đồng ý thu hồi' : 'Tiếp nhận vào sổ'}
              </button>
              <button type="button" className="danger" onClick={() => onRefuse(d)}>
                {isRecall(d) ? 'Từ chối thu hồi' : 'Từ chối tiếp nhận'}
              </button>
            </div>
          )}
        </div>
      )}
    </Dialog>
  );
}

const FIELD_LABEL: Record<AcceptKey, string> = {
  title: 'Trích yếu',
  doc_type: 'Loại văn bản',
  issuer: 'Cơ quan ban hành',
  number: 'Số',
  symbol: 'Ký hiệu',
  issue_date: 'Ngày ban hành',
  urgency: 'Độ khẩn',
  deadline: 'Hạn xử lý',
};

/** The sổ đến fields the văn thư confirms before accepting: each marked with its source ("theo gói tin" or
 * "đọc từ văn bản") until she changes it; the signer and the sender's mã định danh are shown as read. */
function AcceptFields({
  prefill,
  form,
  onChange,
  loading,
  error,
}: {
  prefill: Schemas['AcceptPrefill'] | null | undefined;
  form: AcceptForm | null;
  onChange: (form: AcceptForm) => void;
  loading: boolean;
  error: string | null;
}) {
  if (loading) return <p className="muted">Đang điền sẵn thông tin vào sổ…</p>;
  if (error) return <ErrorBox message={`Không điền sẵn được thông tin vào sổ: ${error}`} />;
  if (!prefill || !form) return null;
  const set = (key: AcceptKey) => (e: { target: { value: string } }) => onChange({ ...form, [key]: e.target.value });
  const mark = (key: AcceptKey) => {
    const source = sourceOf(prefill, form, key);
    return source ? <small className="read-from"> ({SOURCE_LABEL[source]})</small> : null;
  };
  const signer = [prefill.signer_authority, prefill.signer_position, prefill.signer_name].filter((v) => v != null);
  return (
    <fieldset className="form-grid accept-fields">
      <legend>Thông tin vào sổ văn bản đến</legend>
      {prefill.problem && (
        <p className="wide notice" role="status">
          {prefill.problem} Hãy nhập các trường còn thiếu.
        </p>
      )}
      {ACCEPT_KEYS.map((key) => (
        <label key={key} className={key === 'title' ? 'wide' : undefined}>
          {FIELD_LABEL[key]}
          {mark(key)}
          {key === 'title' ? (
            <textarea rows={2} value={form.title} onChange={set('title')} />
          ) : key === 'doc_type' || key === 'urgency' ? (
            <select value={form[key]} onChange={set(key)}>
              <option value="">—</option>
              {Object.entries(key === 'doc_type' ? DOC_TYPES : URGENCY).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          ) : (
            <input
              type={key === 'issue_date' || key === 'deadline' ? 'date' : 'text'}
              value={form[key]}
              onChange={set(key)}
            />
          )}
        </label>
      ))}
      <p className="wide muted small">
        Mã định danh cơ quan gửi: {prefill.issuer_code}
        {signer.length > 0 && (
          <>
            {' '}
            · Người ký: {signer.map((v) => v.value).join(', ')}
            <small className="read-from"> ({SOURCE_LABEL[signer[signer.length - 1].source]})</small>
          </>
        )}
      </p>
    </fieldset>
  );
}

function SentDocuments() {
  const released = useLoad(
    async () => unwrap(await api.GET('/api/v1/outgoing', { params: { query: { status: 'released', page_size: 50 } } })),
    [],
  );
  const [open, setOpen] = useState<number | null>(null);
  return (
    <>
      <p className="muted">Chọn “Tình trạng” để xem văn bản đã tới đâu ở từng cơ quan nhận bên ngoài.</p>
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
                <th>Liên thông</th>
              </tr>
            </thead>
            <tbody>
              {released.data.items.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">
                    Chưa có văn bản nào được phát hành.
                  </td>
                </tr>
              )}
              {released.data.items.map((d) => (
                <SentRow key={d.id} doc={d} open={open === d.id} onToggle={() => setOpen(open === d.id ? null : d.id)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function SentRow({ doc, open, onToggle }: { doc: Schemas['DocumentOut']; open: boolean; onToggle: () => void }) {
  return (
    <>
      <tr>
        <td>{doc.number_symbol}</td>
        <td>
          <Link to={`/van-ban-di/${doc.id}`}>{doc.title}</Link>
        </td>
        <td>{formatDate(doc.issue_date)}</td>
        <td>
          <StatusBadge status={doc.status} />
        </td>
        <td>
          <button type="button" aria-expanded={open} aria-controls={`tinh-trang-${doc.id}`} onClick={onToggle} aria-label={`Tình trạng liên thông: ${doc.title}`}>
            {open ? 'Ẩn' : 'Tình trạng'}
          </button>
        </td>
      </tr>
      {open && (
        <tr id={`tinh-trang-${doc.id}`}>
          <td colSpan={5}>
            <RecipientStatuses documentId={doc.id} />
          </td>
        </tr>
      )}
    </>
  );
}
