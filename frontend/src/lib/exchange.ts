/**
 * One line per outside recipient of a released document: where it is (gửi, đã đến, tiếp nhận, từ chối with
 * the reason, hoàn thành) and a tone for its badge. The recipient's own status, once it reported one, says
 * more than our delivery state, so it wins.
 */
import type { Schemas } from '../api/client';

export type Tone = 'ok' | 'progress' | 'bad';

export interface RecipientSummary {
  text: string;
  tone: Tone;
  /** Why it went wrong: a refusal's reason, a delivery error. Shown as "Lý do". */
  reason: string;
  /** What the recipient added to a status that is not a refusal (e.g. "Đã vào sổ số 12"): no "Lý do". */
  note?: string;
}

const GOOD_CODES = new Set(['03', '06', '15']);
const BAD_CODES = new Set(['02', '16']);

export function recipientSummary(r: Schemas['RecipientStatus']): RecipientSummary {
  if (r.status_code) {
    const tone: Tone = BAD_CODES.has(r.status_code) ? 'bad' : GOOD_CODES.has(r.status_code) ? 'ok' : 'progress';
    const text = r.status_label || `Trạng thái ${r.status_code}`;
    return tone === 'bad' ? { text, tone, reason: r.description } : { text, tone, reason: '', note: r.description };
  }
  if (r.delivery === 'failed') return { text: 'Gửi thất bại', tone: 'bad', reason: r.last_error };
  if (r.delivery === 'delivered') return { text: 'Đã gửi', tone: 'progress', reason: '' };
  const retry = r.attempts > 0 ? ` (đã thử ${r.attempts} lần)` : '';
  return { text: `Đang gửi${retry}`, tone: 'progress', reason: r.last_error };
}

export interface PackageFile {
  index: number; // position in the package: `/received/{id}/files/{index}`
  name: string;
  size: number | null;
  signature: 'valid' | 'invalid' | 'none';
  problem: string;
}

/**
 * The files of a received package (from its `summary.attachments`, in package order so the index opens the
 * right file) joined with the signature check run on arrival (`validation`, PDFs only, matched by name).
 */
export function packageFiles(detail: { summary: Record<string, unknown>; validation: Record<string, unknown>[] }): PackageFile[] {
  const attachments = Array.isArray(detail.summary.attachments) ? (detail.summary.attachments as Record<string, unknown>[]) : [];
  const checks = new Map(detail.validation.map((v) => [String(v.file ?? ''), v]));
  return attachments.map((a, index) => {
    const name = String(a.name ?? `Tệp ${index + 1}`);
    const check = checks.get(name);
    const signed = check && Array.isArray(check.signatures) && check.signatures.length > 0;
    const signature = !check || (!signed && !check.error) ? 'none' : check.valid === true ? 'valid' : 'invalid';
    return {
      index,
      name,
      size: typeof a.size === 'number' ? a.size : null,
      signature,
      problem: typeof check?.error === 'string' ? check.error : '',
    };
  });
}
