/** Small building blocks every screen uses: error and notice boxes, badges, field rows, pager. */
import type { ReactNode } from 'react';
import type { Schemas } from '../api/client';
import { deadlineState, formatDate } from '../lib/dates';
import { SECRECY, STATUS, URGENCY } from '../lib/labels';

export function ErrorBox({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div className="alert alert-error" role="alert">
      {message}
    </div>
  );
}

export function Notice({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div className="alert alert-ok" role="status">
      {message}
    </div>
  );
}

export function Loading({ what = 'dữ liệu' }: { what?: string }) {
  return (
    <p className="muted" role="status">
      Đang tải {what}…
    </p>
  );
}

export function StatusBadge({ status }: { status: Schemas['DocumentStatus'] }) {
  return <span className={`badge status-${status}`}>{STATUS[status]}</span>;
}

/** A deadline and how far it is; `daysLeft`/`workingDays` are the API's count (`days_left`, `days_counted`). */
export function DeadlineBadge({
  deadline,
  done,
  daysLeft,
  workingDays = false,
}: {
  deadline: string | null | undefined;
  done?: boolean;
  daysLeft?: number | null;
  workingDays?: boolean;
}) {
  if (!deadline) return <span className="muted">—</span>;
  if (done) return <span>{formatDate(deadline)}</span>;
  const state = deadlineState(deadline, undefined, { daysLeft, working: workingDays });
  return (
    <span className={`deadline deadline-${state.tone}`}>
      {formatDate(deadline)} <small>({state.text})</small>
    </span>
  );
}

export function UrgencyBadges({ urgency, secrecy }: { urgency: Schemas['Urgency']; secrecy: Schemas['Secrecy'] }) {
  return (
    <>
      {urgency !== 'thuong' && <span className="badge badge-urgent">{URGENCY[urgency]}</span>}
      {secrecy !== 'thuong' && <span className="badge badge-secret">{SECRECY[secrecy]}</span>}
    </>
  );
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="kv">
      <dt>{label}</dt>
      <dd>{children || <span className="muted">—</span>}</dd>
    </div>
  );
}

/**
 * A count as the lists show it. The API stops counting the big views past a cap and then sends the cap + 1
 * with `capped` set: that reads "hơn 10.000", never a figure that looks exact.
 */
export function formatCount(count: number, capped = false): string {
  return capped ? `hơn ${(count - 1).toLocaleString('vi-VN')}` : count.toLocaleString('vi-VN');
}

export function Pager({
  page,
  pageSize,
  total,
  totalCapped = false,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  /** `total` is a lower bound (the API stopped counting): no last page to show, "Trang sau" stays open. */
  totalCapped?: boolean;
  onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const last = !totalCapped && page >= pages;
  return (
    <nav className="pager" aria-label="Phân trang">
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ‹ Trang trước
      </button>
      <span>
        {totalCapped ? `Trang ${page}` : `Trang ${page}/${pages}`} · {formatCount(total, totalCapped)} văn bản
      </span>
      <button type="button" disabled={last} onClick={() => onPage(page + 1)}>
        Trang sau ›
      </button>
    </nav>
  );
}

export function PageTitle({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-title">
      <h1>{children}</h1>
      {actions && <div className="actions">{actions}</div>}
    </div>
  );
}
