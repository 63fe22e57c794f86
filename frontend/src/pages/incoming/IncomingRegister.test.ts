import { describe, expect, it } from 'vitest';
import { ApiError, toApiError } from '../../api/errors';
import { duplicatesOf } from './IncomingRegister';

describe('duplicatesOf', () => {
  it('reads the existing entries of a possible duplicate', () => {
    const error = toApiError(409, {
      code: 'incoming.possible_duplicate',
      message: 'Văn bản cùng số, ký hiệu và cơ quan ban hành đã được vào sổ.',
      detail: { existing: [{ id: 3, register_name: 'Sổ văn bản đến năm 2026', register_number: 7, arrived_at: null }] },
    });
    expect(duplicatesOf(error)).toEqual([
      { id: 3, register_name: 'Sổ văn bản đến năm 2026', register_number: 7, arrived_at: null },
    ]);
  });

  it('offers the confirmation even when the existing entry may not be shown', () => {
    expect(duplicatesOf(new ApiError(409, 'incoming.possible_duplicate', 'Trùng', { existing: [] }))).toEqual([]);
  });

  it('ignores every other error', () => {
    expect(duplicatesOf(new ApiError(409, 'document.wrong_state', 'Sai trạng thái'))).toBeNull();
    expect(duplicatesOf(new Error('mạng'))).toBeNull();
  });
});
