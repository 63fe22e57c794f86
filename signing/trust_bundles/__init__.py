"""Public CA certificates shipped with eOffice (data only; `signing.vn_trust` loads and pins them)."""
