"""A time-stamp client that fails loudly: no answer or a bad answer is ``signing.timestamp_unavailable``."""

from __future__ import annotations

from typing import Any

from asn1crypto import cms
from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper

from signing.errors import TimestampUnavailableError


class StrictTimeStamper(HTTPTimeStamper):
    """pyHanko's HTTP time-stamp client, with every failure turned into our error.

    pyHanko also asks the authority once for a "dummy" token to size the signature; that request is guarded
    the same way, so a dead authority stops the signature before anything is written.
    """

    async def async_timestamp(self, message_digest: bytes, md_algorithm: str) -> cms.ContentInfo:
        try:
            return await super().async_timestamp(message_digest, md_algorithm)
        except TimestampUnavailableError:
            raise
        except Exception as exc:
            raise TimestampUnavailableError(detail=f"{self.url}: {exc}") from exc

    async def async_dummy_response(self, md_algorithm: Any) -> cms.ContentInfo:
        try:
            return await super().async_dummy_response(md_algorithm)
        except TimestampUnavailableError:
            raise
        except Exception as exc:
            raise TimestampUnavailableError(detail=f"{self.url}: {exc}") from exc
