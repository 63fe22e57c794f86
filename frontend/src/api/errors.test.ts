import { describe, expect, it } from 'vitest';
import { ApiError, errorMessage, fieldProblems, toApiError } from './errors';

describe('toApiError', () => {
  it('keeps the server Vietnamese message and code', () => {
    const error = toApiError(401, { code: 'auth.invalid_credentials', message: 'Tên đăng nhập hoặc mật khẩu không đúng.', detail: null });
    expect(error.message).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(error.code).toBe('auth.invalid_credentials');
    expect(error.status).toBe(401);
  });
  it('gives a Vietnamese sentence when the body is not ours', () => {
    expect(toApiError(403, 'Forbidden').message).toBe('Bạn không có quyền thực hiện thao tác này.');
    expect(toApiError(502, null).message).toBe('Máy chủ đang gặp sự cố. Vui lòng thử lại sau.');
    expect(toApiError(400, {}).message).toBe('Yêu cầu không hợp lệ.');
  });
});

describe('fieldProblems', () => {
  it('lists the fields of a validation error', () => {
    const error = toApiError(422, {
      code: 'invalid_input',
      message: 'Dữ liệu không hợp lệ ở các trường: title.',
      detail: [{ field: 'title', problem: 'Field required', type: 'missing' }],
    });
    expect(fieldProblems(error)).toEqual(['title: Field required']);
  });
});

describe('errorMessage', () => {
  it('explains a network failure', () => {
    expect(errorMessage(new TypeError('Failed to fetch'))).toBe(
      'Không kết nối được tới máy chủ. Vui lòng kiểm tra mạng và thử lại.',
    );
  });
  it('shows an API error as its message', () => {
    expect(errorMessage(new ApiError(404, 'not_found', 'Không tìm thấy văn bản.'))).toBe('Không tìm thấy văn bản.');
  });
});
