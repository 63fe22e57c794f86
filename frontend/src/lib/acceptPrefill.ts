/**
 * Tiếp nhận văn bản liên thông (issue 24): the sổ đến fields of a received package as the accept dialog edits
 * them — the package's metadata ("theo gói tin"), the rest read from its main file ("đọc từ văn bản") — and the
 * accept request, which sends what the văn thư saved and, per source, what was shown, so that her corrections
 * are counted like the registration form's.
 */
import type { Schemas } from '../api/client';

export type AcceptKey = 'title' | 'doc_type' | 'issuer' | 'number' | 'symbol' | 'issue_date' | 'urgency' | 'deadline';
export const ACCEPT_KEYS: readonly AcceptKey[] = [
  'title',
  'doc_type',
  'issuer',
  'number',
  'symbol',
  'issue_date',
  'urgency',
  'deadline',
];
export type AcceptForm = Record<AcceptKey, string>;

export const SOURCE_LABEL: Record<Schemas['FieldSource'], string> = {
  package: 'theo gói tin',
  document: 'đọc từ văn bản',
};

/** The dialog's starting values: each field's value where the package or its file gave one, else empty. */
export function acceptForm(prefill: Schemas['AcceptPrefill']): AcceptForm {
  const form = {} as AcceptForm;
  for (const key of ACCEPT_KEYS) form[key] = prefill[key]?.value ?? '';
  return form;
}

/** The source mark of a field while the văn thư has not changed it; null once she has, or if none. */
export function sourceOf(
  prefill: Schemas['AcceptPrefill'],
  form: AcceptForm,
  key: AcceptKey,
): Schemas['FieldSource'] | null {
  const shown = prefill[key];
  return shown && shown.value === form[key] ? shown.source : null;
}

/** The accept request: every field that has a value (an emptied one falls back to the package), and what was
 * shown grouped by source — `edxml` for the metadata, the file's input kind for what was read. */
export function acceptBody(prefill: Schemas['AcceptPrefill'], form: AcceptForm): Schemas['AcceptIn'] {
  const body: Schemas['AcceptIn'] = {};
  for (const key of ACCEPT_KEYS) {
    const value = form[key].trim();
    if (value) (body as Record<string, string>)[key] = value;
  }
  const fromPackage: Record<string, string> = {};
  const fromDocument: Record<string, string> = {};
  for (const key of ACCEPT_KEYS) {
    const shown = prefill[key];
    if (!shown) continue;
    (shown.source === 'package' ? fromPackage : fromDocument)[key] = shown.value;
  }
  const prefilled: Schemas['PrefilledIn'][] = [];
  if (Object.keys(fromPackage).length > 0) prefilled.push({ input_kind: 'edxml', values: fromPackage });
  if (Object.keys(fromDocument).length > 0 && prefill.input_kind)
    prefilled.push({ input_kind: prefill.input_kind, values: fromDocument });
  body.prefilled = prefilled;
  return body;
}
