/**
 * Tài khoản: the user changes his own password (with the current one; his other sessions end) and, for a
 * leader who signs, his signing PIN, his VNPT SmartCA account for signing from the phone and the USB token he
 * signs with through the signing software on his PC. Neither the password, the PIN nor the SmartCA password is
 * kept by the page after sending.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { errorMessage, unwrap } from '../api/errors';
import { useAuth } from '../auth';
import { ErrorBox } from '../components/ui';
import { formatDate } from '../lib/dates';
import { agentAddress, agentStatus, DEFAULT_AGENT_ADDRESS, setAgentAddress } from '../lib/signAgent';
import { useLoad } from '../lib/useLoad';

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    if (next !== again) {
      setError('Mật khẩu mới nhập lại không khớp.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      unwrap(await api.POST('/api/v1/auth/password', { body: { current_password: current, new_password: next } }));
      setDone(true);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setCurrent('');
      setNext('');
      setAgain('');
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="doi-mat-khau">
      <h2 id="doi-mat-khau">Đổi mật khẩu</h2>
      <p className="muted">Ít nhất 12 ký tự, khó đoán. Các phiên đăng nhập khác của bạn sẽ kết thúc.</p>
      <ErrorBox message={error} />
      {done && <p role="status">Đã đổi mật khẩu.</p>}
      <label htmlFor="current-password">Mật khẩu hiện tại</label>
      <input id="current-password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
      <label htmlFor="new-password">Mật khẩu mới</label>
      <input id="new-password" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} required />
      <label htmlFor="new-password-again">Nhập lại mật khẩu mới</label>
      <input id="new-password-again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Đang đổi…' : 'Đổi mật khẩu'}
      </button>
    </form>
  );
}

function SigningPinForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      unwrap(await api.POST('/api/v1/me/signing-pin', { body: { current_pin: current, new_pin: next } }));
      setDone(true);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setCurrent('');
      setNext('');
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="doi-ma-pin">
      <h2 id="doi-ma-pin">Đổi mã PIN ký số</h2>
      <p className="muted">Chỉ bạn biết mã PIN; không ai, kể cả quản trị viên, ký được thay bạn khi không có nó.</p>
      <ErrorBox message={error} />
      {done && <p role="status">Đã đổi mã PIN ký số.</p>}
      <label htmlFor="current-pin">Mã PIN hiện tại</label>
      <input id="current-pin" type="password" inputMode="numeric" autoComplete="off" value={current} onChange={(e) => setCurrent(e.target.value)} required />
      <label htmlFor="new-pin">Mã PIN mới</label>
      <input id="new-pin" type="password" inputMode="numeric" autoComplete="off" value={next} onChange={(e) => setNext(e.target.value)} required />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Đang đổi…' : 'Đổi mã PIN'}
      </button>
    </form>
  );
}

/** Ký số từ xa: the leader registers his VNPT SmartCA account (checked with the service; the password is used
 * once and not stored), then chooses "VNPT SmartCA" when signing and approves on his phone. */
export function RemoteSigningForm() {
  const status = useLoad(async () => unwrap(await api.GET('/api/v1/me/remote-signing')), []);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [credential, setCredential] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { provider: 'smartca' as const, username, password, credential_id: credential || null };
      status.setData(unwrap(await api.PUT('/api/v1/me/remote-signing', { body })));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPassword('');
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      status.setData(unwrap(await api.DELETE('/api/v1/me/remote-signing')));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  if (!status.data?.enabled) return null;
  const account = status.data.account;
  return (
    <form className="card" onSubmit={submit} aria-labelledby="ky-so-tu-xa">
      <h2 id="ky-so-tu-xa">Ký số từ xa (VNPT SmartCA)</h2>
      <p className="muted">Khi ký bằng SmartCA, bạn xác nhận từng chữ ký trên ứng dụng SmartCA của điện thoại.</p>
      <ErrorBox message={error ?? status.error} />
      {account && (
        <p role="status">
          Đã đăng ký: {account.username}, chứng thư của {account.subject}
          {account.certificate_expires && <> (hiệu lực đến {formatDate(account.certificate_expires)})</>}.{' '}
          <button type="button" disabled={busy} onClick={remove}>
            Hủy đăng ký
          </button>
        </p>
      )}
      <label htmlFor="smartca-user">Tài khoản SmartCA (số CCCD)</label>
      <input id="smartca-user" autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} required />
      <label htmlFor="smartca-password">Mật khẩu SmartCA</label>
      <input id="smartca-password" type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} required />
      <label htmlFor="smartca-credential">Mã chứng thư (bỏ trống nếu chỉ có một)</label>
      <input id="smartca-credential" autoComplete="off" value={credential} onChange={(e) => setCredential(e.target.value)} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Đang kiểm tra…' : account ? 'Đăng ký lại' : 'Đăng ký'}
      </button>
    </form>
  );
}

/** The certificate file as the API takes it: PEM text as is, DER as base64. */
async function certificateText(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder('latin1').decode(bytes);
  if (text.includes('-----BEGIN')) return text;
  let binary = '';
  bytes.forEach((b) => (binary += String.fromCharCode(b)));
  return window.btoa(binary);
}

/** Ký số bằng USB token: the leader registers his token's certificate (from the running signing software or
 * from a file) and sets where the signing software of this PC listens. The key and its PIN stay on his PC. */
export function TokenSigningForm() {
  const status = useLoad(async () => unwrap(await api.GET('/api/v1/me/signing-token')), []);
  const [address, setAddress] = useState(agentAddress());
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(step: () => Promise<void>, done: string) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await step();
      setNotice(done);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const register = (certificate: string) =>
    run(async () => {
      status.setData(unwrap(await api.PUT('/api/v1/me/signing-token', { body: { certificate } })));
    }, 'Đã đăng ký chứng thư số của USB token.');

  const fromAgent = () =>
    run(async () => {
      const agent = await agentStatus();
      const certificate = [agent.certificate, ...agent.chain].join('\n');
      status.setData(unwrap(await api.PUT('/api/v1/me/signing-token', { body: { certificate } })));
    }, 'Đã đăng ký chứng thư số lấy từ phần mềm ký số.');

  const remove = () =>
    run(async () => {
      status.setData(unwrap(await api.DELETE('/api/v1/me/signing-token')));
    }, 'Đã hủy đăng ký USB token.');

  function saveAddress(event: FormEvent) {
    event.preventDefault();
    setAgentAddress(address);
    setAddress(agentAddress());
    setNotice('Đã lưu địa chỉ phần mềm ký số cho trình duyệt này.');
  }

  const token = status.data;
  return (
    <form className="card" onSubmit={saveAddress} aria-labelledby="ky-so-usb-token">
      <h2 id="ky-so-usb-token">Ký số bằng USB token</h2>
      <p className="muted">
        Cắm USB token và chạy phần mềm ký số trên máy này (eoffice sign-agent --serve); mã PIN của token chỉ nhập vào
        phần mềm ký số, không gửi lên máy chủ.
      </p>
      <ErrorBox message={error ?? status.error} />
      {notice && <p role="status">{notice}</p>}
      {token?.registered && (
        <p role="status">
          Đã đăng ký USB token: chứng thư của {token.subject}
          {token.not_after && <> (hiệu lực đến {formatDate(token.not_after)})</>}.{' '}
          <button type="button" disabled={busy} onClick={remove}>
            Hủy đăng ký
          </button>
        </p>
      )}
      <p>
        <button type="button" disabled={busy} onClick={fromAgent}>
          {token?.registered ? 'Đăng ký lại từ phần mềm ký số' : 'Lấy chứng thư từ phần mềm ký số'}
        </button>
      </p>
      <label htmlFor="token-certificate">Hoặc chọn tệp chứng thư số (.cer, .crt, .pem)</label>
      <input
        id="token-certificate"
        type="file"
        accept=".cer,.crt,.pem,.der"
        disabled={busy}
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) await register(await certificateText(file));
        }}
      />
      <label htmlFor="agent-address">Địa chỉ phần mềm ký số trên máy này</label>
      <input
        id="agent-address"
        value={address}
        placeholder={DEFAULT_AGENT_ADDRESS}
        onChange={(e) => setAddress(e.target.value)}
      />
      <button type="submit" disabled={busy}>
        Lưu địa chỉ
      </button>
    </form>
  );
}

export function Account() {
  const { me, hasRole } = useAuth();
  if (!me) return null;
  return (
    <section>
      <h1>Tài khoản của tôi</h1>
      <p>
        {me.full_name} ({me.username})
      </p>
      <PasswordForm />
      {hasRole('lanh_dao_don_vi') && <SigningPinForm />}
      {hasRole('lanh_dao_don_vi') && <RemoteSigningForm />}
      {hasRole('lanh_dao_don_vi') && <TokenSigningForm />}
    </section>
  );
}
