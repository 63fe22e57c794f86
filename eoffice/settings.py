"""The one settings object: every `EOFFICE_*` environment variable, validated at start-up.

URLs choose the backends (DESIGN.md, "Backends"): left at their defaults, everything runs embedded under
`EOFFICE_DATA_DIR` with no service at all — SQLite, local files, SQLite FTS5 and Celery on a SQLite broker.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SECRET = "eoffice-development-secret-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EOFFICE_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("var")
    secret_key: str = DEVELOPMENT_SECRET
    # HMAC key of the audit chain and of backup manifests, kept out of the database (eoffice/audit/_key.py);
    # empty: `<data_dir>/audit.key`, made with mode 0600 on first use. Move it with the installation.
    audit_key: str = ""

    database_url: str = ""
    storage_url: str = ""
    search_url: str = ""
    broker_url: str = ""

    # The built web application; empty means `frontend/dist` of the source tree (an installed image sets it).
    frontend_dir: str = ""

    # Console log lines: "json" for a log shipper, "text" for a person; unset: JSON in production, text
    # otherwise (`make run`).
    log_format: Literal["text", "json"] | None = None

    host: str = "127.0.0.1"
    port: int = 8000
    # API processes `eoffice serve` starts (uvicorn workers). One process runs Python on one core at a time;
    # a province's server with more cores serves more at once with more (docs/BENCHMARKS.md, issue 22).
    # Everything shared (sessions, login limits, the outbox) is in the database, so processes agree.
    web_workers: int = Field(default=1, gt=0, le=64)
    public_url: str = ""

    max_upload_bytes: int = Field(default=100 * 1024 * 1024, gt=0)
    # Request bodies are cut off while they arrive (eoffice.web.body_limit): a JSON body is small; a
    # multipart upload may carry several files but no more than this in all (0: the largest file plus 1 MiB
    # for the form fields and part headers).
    max_json_bytes: int = Field(default=1024 * 1024, gt=0)
    max_multipart_bytes: int = Field(default=0, ge=0)
    session_hours: int = Field(default=12, gt=0)
    # Failed (or still running) logins allowed per minute for one account, and for one client address
    # (which bounds password spraying over many accounts).
    login_attempts_per_minute: int = Field(default=10, gt=0)
    login_attempts_per_minute_per_address: int = Field(default=30, gt=0)
    # Reverse proxies whose X-Forwarded-For names the client, comma-separated addresses or networks
    # (e.g. "10.0.0.5,172.18.0.0/16"). Empty: the header is ignored and the peer address is the client.
    trusted_proxies: str = ""
    timezone: str = "Asia/Ho_Chi_Minh"
    # The inbox counts "tất cả" and "đã hoàn thành" only this far, then says "hơn 10 000" (docs/BENCHMARKS.md).
    inbox_count_cap: int = Field(default=10_000, gt=0)

    # B-B needs nothing but the key; B-T and above need a time-stamp authority (EOFFICE_TSA_URL), which a
    # production deployment sets together with EOFFICE_SIGNATURE_LEVEL=B-LT.
    signature_level: Literal["B-B", "B-T", "B-LT", "B-LTA"] = "B-B"
    tsa_url: str = ""
    revocation_mode: Literal["soft-fail", "hard-fail"] = "soft-fail"
    # Vietnamese trust profiles shipped with eOffice (signing.vn_trust), comma-separated: "government" (Ban Cơ
    # yếu Chính phủ, RootCA G2) and "public" (NEAC, Vietnam National Root CA); empty: neither.
    trust_profiles: str = "government,public"
    # PEM files of extra trust anchors for validation (e.g. a newer G3 root), comma-separated.
    trust_roots: str = ""
    # URL prefixes of the OCSP responders and CRL distribution points of those roots, comma-separated: the
    # only addresses validation and signing contact. A URL a certificate names is never followed otherwise
    # (whoever made the certificate chose it); empty means no network at all, and a signature whose
    # document embeds no revocation data is reported as "revocation not checked".
    revocation_urls: str = ""
    signer_font_path: str = ""
    # Remote signing with VNPT SmartCA (signing.smartca): the service's base URL and the agency's integration
    # client id/secret issued by VNPT. Off while the URL is empty; leaders then sign with their PKCS#12 key.
    smartca_url: str = ""
    smartca_client_id: str = ""
    smartca_client_secret: str = ""
    smartca_timeout_seconds: float = Field(default=15, gt=0)

    # The Ministry of Justice's legal-document gateway (eoffice.legal.gateway), read by `eoffice legal sync`: the
    # base URL its `doc/all` and `doc/{id}` calls hang from. Off while empty; the corpus then changes only by
    # `eoffice legal import`.
    legal_gateway_url: str = ""
    legal_gateway_timeout_seconds: float = Field(default=30, gt=0)

    # E-mail copies of notifications and a daily digest of what is due, sent over SMTP by the worker. Off unless
    # enabled, so the embedded install sends no mail. `smtp_security`: "starttls" (submission, usually port 587),
    # "ssl" (implicit TLS, usually 465) or "none" (only for a relay on the agency's own network).
    mail_enabled: bool = False
    smtp_host: str = ""
    smtp_port: int = Field(default=587, gt=0, lt=65536)
    smtp_security: Literal["starttls", "ssl", "none"] = "starttls"
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_timeout_seconds: float = Field(default=30, gt=0)
    mail_from: str = ""
    # Hour of the agency's day (EOFFICE_TIMEZONE) at which beat sends the digest of what is due.
    mail_digest_hour: int = Field(default=7, ge=0, le=23)

    @model_validator(mode="after")
    def _mail_needs_a_server_and_a_sender(self) -> Settings:
        if self.mail_enabled and not (self.smtp_host and self.mail_from):
            raise ValueError("EOFFICE_MAIL_ENABLED cần EOFFICE_SMTP_HOST và EOFFICE_MAIL_FROM")
        return self

    @model_validator(mode="after")
    def _fill_embedded_defaults(self) -> Settings:
        """Empty URLs mean the embedded backend under the data directory."""
        data = self.data_dir.resolve()
        if not self.database_url:
            self.database_url = f"sqlite:///{data / 'eoffice.db'}"
        if not self.storage_url:
            self.storage_url = f"file://{data / 'objects'}"
        if not self.search_url:
            self.search_url = f"sqlite:///{data / 'search.db'}"
        if not self.broker_url:
            self.broker_url = f"sqla+sqlite:///{data / 'broker.db'}"
        if not self.public_url:
            self.public_url = f"http://{self.host}:{self.port}"
        return self

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> Settings:
        if self.environment == "production" and self.secret_key == DEVELOPMENT_SECRET:
            raise ValueError("EOFFICE_SECRET_KEY phải được đặt giá trị riêng khi chạy production")
        return self

    @field_validator("trust_profiles")
    @classmethod
    def _trust_profiles_known(cls, value: str) -> str:
        from signing.vn_trust import PROFILES

        unknown = [name for name in _split(value) if name not in PROFILES]
        if unknown:
            raise ValueError(
                f"EOFFICE_TRUST_PROFILES: không có hồ sơ {', '.join(unknown)} (có: {', '.join(PROFILES)})"
            )
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxy_networks_parse(cls, value: str) -> str:
        for item in _split(value):
            ipaddress.ip_network(item, strict=False)  # ValueError names the bad entry
        return value

    @property
    def proxy_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        return tuple(ipaddress.ip_network(item, strict=False) for item in _split(self.trusted_proxies))

    @property
    def multipart_limit(self) -> int:
        return self.max_multipart_bytes or self.max_upload_bytes + 1024 * 1024

    @property
    def revocation_sources(self) -> tuple[str, ...]:
        """`revocation_urls` as a tuple, for `signing.TrustSettings.fetch_from`."""
        return tuple(u.strip() for u in self.revocation_urls.split(",") if u.strip())

    @property
    def trust_profile_names(self) -> tuple[str, ...]:
        return tuple(_split(self.trust_profiles))

    @property
    def json_logs(self) -> bool:
        if self.log_format is None:
            return self.environment == "production"
        return self.log_format == "json"

    @property
    def embedded_broker(self) -> bool:
        return self.broker_url.startswith("sqla+")


def _split(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


@lru_cache
def get_settings() -> Settings:
    return Settings()
