/**
 * Turning an API failure into words a clerk can act on.
 *
 * Every error body is `{code, message, detail}` with a Vietnamese `message`; validation failures (422) carry
 * field-level detail. A network failure or an unexpected body still gets a plain Vietnamese sentence.
 */

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: unknown;

  constructor(status: number, code: string, message: string, detail: unknown = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

const BY_STATUS: Record<number, string> = {
  401: 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.',
  403: 'Bạn không có quyền thực hiện thao tác này.',
  404: 'Không tìm thấy dữ liệu yêu cầu.',
  413: 'Tệp quá lớn.',
  429: 'Bạn thao tác quá nhiều lần. Vui lòng thử lại sau ít phút.',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The error a failed response stands for. */
export function toApiError(status: number, body: unknown): ApiError {
  if (isRecord(body) && typeof body.message === 'string' && body.message) {
    const code = typeof body.code === 'string' ? body.code : 'error';
    return new ApiError(status, code, body.message, body.detail ?? null);
  }
  const fallback =
    BY_STATUS[status] ?? (status >= 500 ? 'Máy chủ đang gặp sự cố. Vui lòng thử lại sau.' : 'Yêu cầu không hợp lệ.');
  return new ApiError(status, 'error', fallback, isRecord(body) ? (body.detail ?? null) : null);
}

/** Field-level problems of a 422, as "field: problem" lines, when the server gave them. */
export function fieldProblems(error: ApiError): string[] {
  const detail = error.detail;
  if (!Array.isArray(detail)) return [];
  return detail
    .map((item) => {
      if (!isRecord(item)) return '';
      const field = typeof item.field === 'string' ? item.field : '';
      const message = typeof item.problem === 'string' ? item.problem : '';
      return field && message ? `${field}: ${message}` : message;
    })
    .filter(Boolean);
}

/** Anything thrown while talking to the server, as a sentence to show. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'Không kết nối được tới máy chủ. Vui lòng kiểm tra mạng và thử lại.';
  if (error instanceof Error && error.message) return error.message;
  return 'Đã có lỗi xảy ra.';
}

/** Unwraps an openapi-fetch result: its data, or the ApiError its failure stands for. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  throw toApiError(result.response.status, result.error);
}
