/** Phát hành: internal departments receive it at once; outside agencies, chosen from the agency directory, via
 * the exchange. */
import { useState, type FormEvent } from 'react';
import { api, type Schemas } from '../../api/client';
import { errorMessage, unwrap } from '../../api/errors';
import { ConfirmDialog, type Confirmation } from '../../components/ConfirmDialog';
import { ErrorBox } from '../../components/ui';
import type { Directory } from '../../lib/people';
import { OutsideRecipients, type Entry } from './OutsideRecipients';

export function ReleaseForm({
  documentId,
  names,
  onDone,
}: {
  documentId: number;
  names: Directory | null;
  onDone: (detail: Schemas['OutgoingDetail']) => void;
}) {
  const [departments, setDepartments] = useState<number[]>([]);
  const [outside, setOutside] = useState<Entry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<Confirmation | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const recipients: Schemas['RecipientIn'][] = departments.map((id) => ({ kind: 'department', department_id: id, organ_id: '', name: '' }));
    for (const entry of outside) recipients.push({ kind: 'external', organ_id: entry.organ_id, name: entry.name });
    if (recipients.length === 0) {
      setError('Vui lòng chọn ít nhất một nơi nhận.');
      return;
    }
    setError(null);
    const inside = departments.map((id) => names?.departments.find((d) => d.id === id)?.name ?? `#${id}`);
    setConfirming({
      title: 'Xác nhận phát hành',
      message: (
        <>
          <p>Phát hành văn bản tới {recipients.length} nơi nhận:</p>
          <ul aria-label="Nơi nhận sẽ phát hành">
            {inside.map((name) => (
              <li key={name}>{name}</li>
            ))}
            {outside.map((entry) => (
              <li key={entry.organ_id}>
                {entry.name || entry.organ_id} (liên thông)
              </li>
            ))}
          </ul>
          <p>Văn bản được gửi ngay. Muốn thay đổi sau đó phải thu hồi hoặc ban hành văn bản thay thế.</p>
        </>
      ),
      confirm: 'Phát hành',
      onConfirm: () => void release(recipients),
    });
  }

  async function release(recipients: Schemas['RecipientIn'][]) {
    setBusy(true);
    try {
      onDone(
        unwrap(
          await api.POST('/api/v1/outgoing/{document_id}/release', {
            params: { path: { document_id: documentId } },
            body: { recipients },
          }),
        ),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="release-form" onSubmit={submit} noValidate>
      <h2>Phát hành</h2>
      <ErrorBox message={error} />
      <ConfirmDialog confirmation={confirming} onClose={() => setConfirming(null)} />
      <fieldset>
        <legend>Nơi nhận trong cơ quan</legend>
        {names?.departments.map((d) => (
          <label key={d.id} className="check">
            <input
              type="checkbox"
              checked={departments.includes(d.id)}
              onChange={(e) => setDepartments(e.target.checked ? [...departments, d.id] : departments.filter((x) => x !== d.id))}
            />
            {d.name}
          </label>
        ))}
      </fieldset>
      <OutsideRecipients chosen={outside} onChange={setOutside} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Đang phát hành…' : 'Phát hành'}
      </button>
    </form>
  );
}
