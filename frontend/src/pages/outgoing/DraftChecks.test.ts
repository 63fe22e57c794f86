import { describe, expect, it } from 'vitest';
import { placeOf } from './DraftChecks';

describe('placeOf', () => {
  it('names the place of a finding in Vietnamese', () => {
    expect(placeOf({ kind: 'paragraph', index: 7, text: 'Căn cứ …' })).toBe('Đoạn 7');
    expect(placeOf({ kind: 'section', index: 1, text: '' })).toBe('Lề và khổ trang, phần 1');
    expect(placeOf({ kind: 'document', index: null, text: '' })).toBe('Toàn văn bản');
  });
});
