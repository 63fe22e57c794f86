import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/client';
import { applyPrefill, prefilledValues } from './prefill';

const at = { line: 3, page: 1, box: [80, 700, 200, 712] };
const read = (value: string, text = value): Schemas['ReadValue'] => ({ value, text, source: at });

const PREFILL: Schemas['PrefillOut'] = {
  input_kind: 'scan',
  number: read('05', 'Số: 05/QĐ-UBND'),
  symbol: read('QĐ-UBND', 'Số: 05/QĐ-UBND'),
  issuer: read('Ủy ban nhân dân tỉnh Hà Tĩnh', 'ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH'),
  issue_date: read('2026-03-05', 'Hà Tĩnh, ngày 05 tháng 3 năm 2026'),
  doc_type: read('quyet_dinh', 'QUYẾT ĐỊNH'),
  title: read('Về việc ban hành Quy chế công tác văn thư'),
  urgency: read('khan', 'KHẨN'),
  deadline: read('2026-12-15', 'trước ngày 15 tháng 12 năm 2026'),
  deadlines: [],
  citations: [],
  duplicates: [],
};

const EMPTY = {
  title: '',
  doc_type: 'cong_van',
  issuer: '',
  number: '',
  symbol: '',
  issue_date: '',
  urgency: 'thuong',
  secrecy: 'thuong',
  deadline: '',
  pages: '',
};

describe('prefilledValues', () => {
  it('takes every value read, the danh bạ name before the printed issuer', () => {
    expect(prefilledValues(PREFILL)).toEqual({
      title: 'Về việc ban hành Quy chế công tác văn thư',
      doc_type: 'quyet_dinh',
      issuer: 'Ủy ban nhân dân tỉnh Hà Tĩnh',
      number: '05',
      symbol: 'QĐ-UBND',
      issue_date: '2026-03-05',
      urgency: 'khan',
      deadline: '2026-12-15',
    });
    const matched = { ...PREFILL, issuer_directory: { organ_id: '000.00.00.H42', name: 'UBND tỉnh Hà Tĩnh' } };
    expect(prefilledValues(matched).issuer).toBe('UBND tỉnh Hà Tĩnh');
  });
});

describe('applyPrefill', () => {
  it('fills what the clerk has not typed and says which fields it filled', () => {
    const typed = { ...EMPTY, number: '6' };
    const { form, filled } = applyPrefill(typed, PREFILL, new Set(['number']));
    expect(form.number).toBe('6');
    expect(form.symbol).toBe('QĐ-UBND');
    expect(form.secrecy).toBe('thuong'); // not read: left as it was
    expect(form.pages).toBe('');
    expect(filled).not.toContain('number');
    expect(filled).toEqual(expect.arrayContaining(['title', 'issuer', 'symbol', 'issue_date', 'deadline']));
  });
});
