/** Điền sẵn phiếu vào sổ: which form fields the values read from the uploaded document fill (issue 24). */
import type { Schemas } from '../../api/client';
import { pageBoxOf, type PageBox } from '../../lib/pdfBox';

/** The registration form's text fields that a pre-fill may set. */
export type PrefillKey =
  | 'title'
  | 'doc_type'
  | 'issuer'
  | 'number'
  | 'symbol'
  | 'issue_date'
  | 'urgency'
  | 'secrecy'
  | 'deadline';

/** The form values read from the document; the danh bạ's name wins over the issuer as printed. Fields the
 * reader did not find are absent, so they stay as the clerk left them. */
export function prefilledValues(read: Schemas['PrefillOut']): Partial<Record<PrefillKey, string>> {
  const values: Partial<Record<PrefillKey, string>> = {};
  const take = (key: PrefillKey, found: Schemas['ReadValue'] | null | undefined) => {
    if (found?.value) values[key] = found.value;
  };
  take('title', read.title);
  take('doc_type', read.doc_type);
  take('number', read.number);
  take('symbol', read.symbol);
  take('issue_date', read.issue_date);
  take('urgency', read.urgency);
  take('secrecy', read.secrecy);
  take('deadline', read.deadline);
  if (read.issuer_directory) values.issuer = read.issuer_directory.name;
  else take('issuer', read.issuer);
  return values;
}

/** The form after a pre-fill: only fields the clerk has not typed in are filled. Returns the new form and
 * the keys filled ("đọc từ văn bản"). */
export function applyPrefill<F extends Record<PrefillKey, string>>(
  form: F,
  read: Schemas['PrefillOut'],
  touched: ReadonlySet<string>,
): { form: F; filled: PrefillKey[] } {
  const values = prefilledValues(read);
  const next = { ...form };
  const filled: PrefillKey[] = [];
  for (const [key, value] of Object.entries(values) as [PrefillKey, string][]) {
    if (touched.has(key)) continue;
    next[key] = value as F[PrefillKey];
    filled.push(key);
  }
  return { form: next, filled };
}

/** The place to highlight in the preview for the field the clerk is on: where its value was read, while the
 * field still holds that value (marked "đọc từ văn bản") and the reader said on which page. */
export function readPlace(
  read: Schemas['PrefillOut'] | null,
  key: PrefillKey | null,
  marked: ReadonlySet<PrefillKey>,
): PageBox | null {
  if (!read || !key || !marked.has(key)) return null;
  return pageBoxOf(read[key]?.source);
}
