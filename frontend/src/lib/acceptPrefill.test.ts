import { describe, expect, it } from 'vitest';
import type { Schemas } from '../api/client';
import { acceptBody, acceptForm, sourceOf } from './acceptPrefill';

const fromPackage = (value: string): Schemas['AcceptValue'] => ({ value, source: 'package', text: '', where: null });
const PREFILL: Schemas['AcceptPrefill'] = {
  issuer_code: '000.00.00.G22',
  file_index: 0,
  input_kind: 'pdf',
  problem: '',
  number: fromPackage('05'),
  symbol: fromPackage('QĐ-UBND'),
  issuer: fromPackage('Ủy ban nhân dân tỉnh Hà Tĩnh'),
  issue_date: fromPackage('2026-03-05'),
  doc_type: fromPackage('quyet_dinh'),
  urgency: fromPackage('thuong'),
  title: {
    value: 'Về việc kiểm tra công tác văn thư',
    source: 'document',
    text: 'V/v kiểm tra công tác văn thư',
    where: { line: 9, page: 1, box: [72, 640, 300, 655] },
  },
  deadline: null,
};

describe('the accept dialog', () => {
  it('starts from the package and the file, marking each value with its source until it is changed', () => {
    const form = acceptForm(PREFILL);
    expect(form).toMatchObject({ number: '05', title: 'Về việc kiểm tra công tác văn thư', deadline: '' });
    expect(sourceOf(PREFILL, form, 'number')).toBe('package');
    expect(sourceOf(PREFILL, form, 'title')).toBe('document');
    expect(sourceOf(PREFILL, form, 'deadline')).toBeNull();
    expect(sourceOf(PREFILL, { ...form, title: 'Về việc khác' }, 'title')).toBeNull();
  });

  it('sends what was saved and what was shown per source, so corrections are counted', () => {
    const form = { ...acceptForm(PREFILL), title: 'Về việc kiểm tra văn thư năm 2026', deadline: '2026-04-01' };
    const body = acceptBody(PREFILL, form);
    expect(body).toMatchObject({ number: '05', title: 'Về việc kiểm tra văn thư năm 2026', deadline: '2026-04-01' });
    expect(body.prefilled).toEqual([
      {
        input_kind: 'edxml',
        values: {
          doc_type: 'quyet_dinh',
          issuer: 'Ủy ban nhân dân tỉnh Hà Tĩnh',
          number: '05',
          symbol: 'QĐ-UBND',
          issue_date: '2026-03-05',
          urgency: 'thuong',
        },
      },
      { input_kind: 'pdf', values: { title: 'Về việc kiểm tra công tác văn thư' } },
    ]);
  });

  it('leaves out a field the clerk emptied, so the server takes it from the package', () => {
    const body = acceptBody({ ...PREFILL, input_kind: null, title: null }, { ...acceptForm(PREFILL), symbol: ' ' });
    expect(body.symbol).toBeUndefined();
    expect(body.prefilled).toHaveLength(1);
  });
});
