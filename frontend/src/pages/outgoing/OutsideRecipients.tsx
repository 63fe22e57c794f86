/**
 * Nơi nhận ngoài cơ quan: a searchable multi-select over the agency directory (danh bạ cơ quan liên thông).
 * Any number of agencies may be chosen; one with no connection (or set aside) is listed, greyed, with the
 * reason as its checkbox's description, and cannot be chosen: the API refuses at release any outside agency
 * no connection reaches, listed or not.
 */
import { useEffect, useState } from 'react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ErrorBox } from '../../components/ui';
import { useLoad } from '../../lib/useLoad';

export type Entry = Schemas['DirectoryEntryOut'];

export const TRANSPORTS: Record<Schemas['TransportKind'], string> = {
  vxp: 'trục liên thông quốc gia (VXP)',
  hub: 'nền tảng liên thông của tỉnh',
  direct: 'kết nối trực tiếp',
};

/** How an entry is reached, in words ("qua … (tuyến mặc định)"), or why it cannot be. */
export function routeLabel(entry: Entry): string {
  if (!entry.active) return 'Đã ngừng sử dụng';
  if (!entry.route) return 'Chưa có kết nối';
  return `Qua ${TRANSPORTS[entry.route.transport]}${entry.route.is_default ? ' (tuyến mặc định)' : ''}`;
}

/** The list itself, without loading: results to choose from and the chosen ones. */
export function OutsideRecipientList({
  results,
  chosen,
  onChange,
}: {
  results: Entry[];
  chosen: Entry[];
  onChange: (chosen: Entry[]) => void;
}) {
  const isChosen = (e: Entry) => chosen.some((c) => c.organ_id === e.organ_id);
  return (
    <>
      {chosen.length > 0 && (
        <ul className="chosen" aria-label="Cơ quan ngoài đã chọn">
          {chosen.map((c) => (
            <li key={c.organ_id}>
              {c.name} <small>({c.organ_id})</small>{' '}
              <button type="button" aria-label={`Bỏ chọn ${c.name}`} onClick={() => onChange(chosen.filter((x) => x.organ_id !== c.organ_id))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <ul className="directory-results" aria-label="Danh bạ cơ quan liên thông">
        {results.map((e) => (
          <li key={e.organ_id}>
            <label className="check" title={routeLabel(e)}>
              <input
                type="checkbox"
                disabled={!e.reachable}
                aria-describedby={e.reachable ? undefined : `khong-chon-${e.id}`}
                checked={isChosen(e)}
                onChange={(ev) => {
                  if (ev.target.checked && !e.reachable) return; // no connection: never chosen
                  onChange(ev.target.checked ? [...chosen, e] : chosen.filter((x) => x.organ_id !== e.organ_id));
                }}
              />
              {e.name} <small>({e.organ_id})</small>
              {!e.reachable && (
                <span className="badge status-rejected" id={`khong-chon-${e.id}`}>
                  {routeLabel(e)}: không chọn được
                </span>
              )}
            </label>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The search box over the directory, feeding `OutsideRecipientList`. */
export function OutsideRecipients({ chosen, onChange }: { chosen: Entry[]; onChange: (chosen: Entry[]) => void }) {
  const [query, setQuery] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(query.trim()), 250);
    return () => clearTimeout(timer);
  }, [query]);
  const page = useLoad(async () => unwrap(await api.GET('/api/v1/exchange/directory', { params: { query: { q: debounced, limit: 30 } } })), [debounced]);
  return (
    <fieldset>
      <legend>Cơ quan ngoài (gửi liên thông)</legend>
      <label>
        Tìm trong danh bạ liên thông
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Tên cơ quan hoặc mã định danh, có dấu hay không dấu" />
      </label>
      <ErrorBox message={page.error} />
      {page.data && page.data.total === 0 && <p className="muted">{debounced ? 'Không tìm thấy cơ quan phù hợp.' : 'Danh bạ liên thông chưa có cơ quan nào.'}</p>}
      <OutsideRecipientList results={page.data?.items ?? []} chosen={chosen} onChange={onChange} />
      {page.data && page.data.total > page.data.items.length && <p className="muted">Còn {page.data.total - page.data.items.length} cơ quan khác: gõ thêm để thu hẹp.</p>}
    </fieldset>
  );
}
