"""Mã PIN ký số: the holder of a signing key changes its PIN (the key itself lives in `eoffice.keys`)."""

from eoffice.signing_pin.service import change_agency_pin, change_own_pin

__all__ = ["change_agency_pin", "change_own_pin"]
