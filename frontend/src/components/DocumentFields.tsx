/**
 * Thông tin văn bản: the metadata fields every document form shares (vào sổ văn bản đến, soạn dự thảo, soạn
 * từ mẫu), drawn once so that a label, a list of choices or a required mark is changed in one place. Each
 * page says which fields it shows and in which order; the fields sit directly in the page's `form-grid`.
 */
import type { ReactNode } from 'react';
import { DOC_TYPES, SECRECY, URGENCY } from '../lib/labels';

/** A labelled select over a fixed list of choices (value → Vietnamese label), with an optional first
 * "empty" choice (a filter's "Tất cả"). The label text comes first, then `hint`, then the control, so the
 * field is found by its label. */
export function LabeledSelect<V extends string>({
  label,
  value,
  options,
  onChange,
  empty,
  hint,
  onFocus,
}: {
  label: string;
  value: NoInfer<V> | '';
  options: Readonly<Record<V, string>>;
  onChange: (value: NoInfer<V> | '') => void;
  empty?: string;
  hint?: ReactNode;
  onFocus?: () => void;
}) {
  return (
    <label onFocus={onFocus}>
      {label}
      {hint}
      <select value={value} onChange={(e) => onChange(e.target.value as V | '')}>
        {empty !== undefined && <option value="">{empty}</option>}
        {(Object.entries(options) as [V, string][]).map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The fields a page may show, named as in the API's metadata. */
export type DocumentFieldKey =
  | 'title'
  | 'doc_type'
  | 'issuer'
  | 'number'
  | 'symbol'
  | 'issue_date'
  | 'deadline'
  | 'pages'
  | 'urgency'
  | 'secrecy';

/** The mark of a field the user must fill (the form checks it itself: the forms are `noValidate`). */
function Required() {
  return (
    <>
      {' '}
      <span aria-hidden="true">*</span>
    </>
  );
}

/**
 * The chosen fields, in the order given, from `value` (the form's strings) and `onChange(key, value)`.
 * `hint(key)` is drawn after a field's label (the registration's "(đọc từ văn bản)"); `onFocusField(key)`
 * tells which field the user is on; `deadlineLabel` names the deadline ("Hạn xử lý" for an incoming
 * document, "Hạn hoàn thành" for a draft).
 */
export function DocumentFields<K extends DocumentFieldKey>({
  fields,
  value,
  onChange,
  deadlineLabel = 'Hạn xử lý',
  hint,
  onFocusField,
}: {
  fields: readonly K[];
  value: Readonly<Record<K, string>>;
  onChange: (key: K, value: string) => void;
  deadlineLabel?: string;
  hint?: (key: K) => ReactNode;
  onFocusField?: (key: K) => void;
}) {
  const field = (key: K) => {
    const props = {
      value: value[key],
      onChange: (e: { target: { value: string } }) => onChange(key, e.target.value),
    };
    const mark = hint?.(key);
    const focus = onFocusField && (() => onFocusField(key));
    const text = (label: string, control: ReactNode, required = false) => (
      <label key={key} onFocus={focus}>
        {label}
        {required && <Required />}
        {mark}
        {control}
      </label>
    );
    const select = (label: string, options: Readonly<Record<string, string>>) => (
      <LabeledSelect
        key={key}
        label={label}
        value={value[key]}
        options={options}
        onChange={(v) => onChange(key, v)}
        hint={mark}
        onFocus={focus}
      />
    );
    switch (key as DocumentFieldKey) {
      case 'title':
        return (
          <label key={key} onFocus={focus} className="wide">
            Trích yếu
            <Required />
            {mark}
            <textarea required rows={2} {...props} />
          </label>
        );
      case 'doc_type':
        return select('Loại văn bản', DOC_TYPES);
      case 'issuer':
        return text('Cơ quan ban hành', <input required {...props} />, true);
      case 'number':
        return text('Số', <input {...props} inputMode="numeric" />);
      case 'symbol':
        return text('Ký hiệu', <input {...props} placeholder="QĐ-UBND" />);
      case 'issue_date':
        return text('Ngày ban hành', <input type="date" {...props} />);
      case 'deadline':
        return text(deadlineLabel, <input type="date" {...props} />);
      case 'pages':
        return text('Số trang', <input type="number" min={1} {...props} />);
      case 'urgency':
        return select('Độ khẩn', URGENCY);
      case 'secrecy':
        return select('Độ mật', SECRECY);
    }
  };
  return <>{fields.map(field)}</>;
}
