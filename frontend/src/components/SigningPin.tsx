/**
 * Mã PIN ký số: the secret that opens the signer's key (the leader's own, or the agency's for the văn thư).
 * Typed at each signature and sent with that request only; never stored by the browser or the server.
 */
export function SigningPin({ value, onChange, label = 'Mã PIN ký số' }: { value: string; onChange: (pin: string) => void; label?: string }) {
  return (
    <label className="signing-pin">
      {label}
      <input
        type="password"
        autoComplete="off"
        inputMode="text"
        maxLength={64}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
