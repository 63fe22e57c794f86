/**
 * Phần mềm ký số trên máy của lãnh đạo (`eoffice sign-agent --serve`): the page carries the server's signing
 * request to the agent on 127.0.0.1 and its answer back. The token's PIN is typed into the agent, never here.
 * The agent's address is a setting of this browser (the PC the token is plugged into), kept in localStorage.
 */

export const DEFAULT_AGENT_ADDRESS = 'http://127.0.0.1:8788';
const STORAGE_KEY = 'eoffice.signAgentAddress';

export function agentAddress(): string {
  try {
    return window.localStorage.getItem(STORAGE_KEY) || DEFAULT_AGENT_ADDRESS;
  } catch {
    return DEFAULT_AGENT_ADDRESS;
  }
}

export function setAgentAddress(address: string): void {
  const value = address.trim().replace(/\/+$/, '');
  if (!value || value === DEFAULT_AGENT_ADDRESS) window.localStorage.removeItem(STORAGE_KEY);
  else window.localStorage.setItem(STORAGE_KEY, value);
}

/** The agent did not answer at all: not running, another port, or the browser blocked the call. */
export class AgentUnreachable extends Error {
  constructor(address: string) {
    super(
      `Chưa kết nối được phần mềm ký số trên máy của đồng chí (${address}). Hãy cắm USB token, mở phần mềm ký số ` +
        '(eoffice sign-agent --serve) rồi ký lại; địa chỉ phần mềm ký số đặt ở trang Tài khoản.',
    );
    this.name = 'AgentUnreachable';
  }
}

/** The agent answered with a refusal (another certificate, a malformed request, this site not allowed). */
export class AgentRefused extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(`Phần mềm ký số từ chối ký: ${message}`);
    this.name = 'AgentRefused';
    this.code = code;
  }
}

async function call(path: string, init: RequestInit): Promise<unknown> {
  const address = agentAddress();
  let response: Response;
  try {
    response = await fetch(`${address}${path}`, { ...init, mode: 'cors', credentials: 'omit', cache: 'no-store' });
  } catch {
    throw new AgentUnreachable(address);
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const record = (body ?? {}) as { code?: unknown; message?: unknown };
    const message = typeof record.message === 'string' ? record.message : `lỗi ${response.status}`;
    throw new AgentRefused(typeof record.code === 'string' ? record.code : 'agent.error', message);
  }
  return body;
}

export interface AgentSigningRequest {
  id: string;
  digest_algorithm: string;
  digest: string;
  signature_algorithm: string;
  certificate_sha256: string;
  subject: string;
}

export interface AgentSigningResponse {
  id: string;
  signature: string;
}

/** The agent's signature over the request's digest. */
export async function signWithAgent(request: AgentSigningRequest): Promise<AgentSigningResponse> {
  const body = (await call('/sign', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(request),
  })) as AgentSigningResponse;
  if (typeof body?.id !== 'string' || typeof body?.signature !== 'string')
    throw new AgentRefused('agent.answer', 'câu trả lời không đúng định dạng.');
  return body;
}

export interface AgentStatus {
  subject: string;
  certificate_sha256: string;
  certificate: string;
  chain: string[];
}

/** Whose certificate the running agent signs with (and the certificate itself, for registering the token). */
export async function agentStatus(): Promise<AgentStatus> {
  return (await call('/status', { method: 'GET' })) as AgentStatus;
}
