/**
 * Ký bằng USB token: prepare on the server, sign the digest with the agent on the leader's PC, complete on the
 * server. When the agent cannot be reached the waiting request is cancelled at once, so the document is not
 * held for the leader until the server gives up on it.
 */
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/errors';
import { AgentRefused, AgentUnreachable, signWithAgent } from '../../lib/signAgent';

type Detail = Schemas['OutgoingDetail'];

export async function signWithToken(documentId: number): Promise<Detail> {
  const path = { params: { path: { document_id: documentId } } };
  const prepared = unwrap(await api.POST('/api/v1/outgoing/{document_id}/token-signature/prepare', { ...path, body: {} }));
  let answer;
  try {
    answer = await signWithAgent(prepared.request);
  } catch (e) {
    if (e instanceof AgentUnreachable || e instanceof AgentRefused) {
      // best effort: a request nobody answers ends by itself after a few minutes anyway
      await api.POST('/api/v1/outgoing/{document_id}/token-signature/cancel', path).catch(() => undefined);
    }
    throw e;
  }
  return unwrap(await api.POST('/api/v1/outgoing/{document_id}/token-signature/complete', { ...path, body: answer }));
}

/** The sign button for a leader whose key is on his USB token. */
export function TokenSignButton({
  busy,
  subject,
  onSign,
}: {
  busy: boolean;
  subject: string;
  onSign: () => void;
}) {
  return (
    <button type="button" className="primary" disabled={busy} onClick={onSign} title={`Chứng thư số của ${subject}`}>
      {busy ? 'Đang ký bằng USB token…' : 'Ký số bằng USB token'}
    </button>
  );
}
