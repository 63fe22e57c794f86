"""Fetching revocation data only from allow-listed addresses.

A certificate names the URLs of its issuer (AIA caIssuers), its OCSP responder and its CRLs, and whoever made
the certificate chose them: validating a document from outside with pyHanko's default fetchers makes the server
request any address the document's author wrote (SSRF). These fetchers are pyHanko's own ``requests``
fetchers with one gate in front: a URL that does not start with one of the configured prefixes is refused
without any connection (a refused fetch is a fetch failure, so revocation is reported as not established);
redirects are not followed, so an allowed address cannot send the request elsewhere.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import requests
from pyhanko_certvalidator.fetchers.api import Fetchers, FetchLimits
from pyhanko_certvalidator.fetchers.common_utils import FetchBudget
from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend
from pyhanko_certvalidator.fetchers.requests_fetchers.cert_fetch_client import RequestsCertificateFetcher
from pyhanko_certvalidator.fetchers.requests_fetchers.crl_client import RequestsCRLFetcher
from pyhanko_certvalidator.fetchers.requests_fetchers.ocsp_client import RequestsOCSPFetcher


class UrlAllowList:
    """URL prefixes (scheme, host, port and path compared exactly; the path as a prefix)."""

    def __init__(self, prefixes: Iterable[str]) -> None:
        self._prefixes = tuple(_parts(p) for p in prefixes if p.strip())

    def __bool__(self) -> bool:
        return bool(self._prefixes)

    def allows(self, url: str) -> bool:
        try:
            scheme, host, port, path = _parts(url)
        except ValueError:
            return False
        return any(
            (scheme, host, port) == (p_scheme, p_host, p_port) and path.startswith(p_path)
            for p_scheme, p_host, p_port, p_path in self._prefixes
        )


def _parts(url: str) -> tuple[str, str, int, str]:
    split = urlsplit(url.strip())
    if split.scheme not in ("http", "https") or not split.hostname or split.username or split.password:
        raise ValueError(f"not an http(s) URL without credentials: {url!r}")
    port = split.port or (443 if split.scheme == "https" else 80)
    return split.scheme, split.hostname.lower(), port, split.path or "/"


class _Gate:
    """The refusal and the redirect-free requests, mixed into each of pyHanko's fetchers."""

    allow_list: UrlAllowList
    user_agent: str
    per_request_timeout: float

    def _refuse_unless_allowed(self, url: str) -> None:
        if not self.allow_list.allows(url):
            raise requests.RequestException(f"{url} is not an allow-listed revocation endpoint")

    def _headers(self, acceptable_content_types: Iterable[str], **extra: str) -> dict[str, str]:
        return {"Accept": ",".join(acceptable_content_types), "User-Agent": self.user_agent, **extra}

    async def _get(self, url: str, *, acceptable_content_types: Iterable[str]) -> requests.Response:
        self._refuse_unless_allowed(url)
        headers = self._headers(acceptable_content_types)
        response = await asyncio.to_thread(
            requests.get, url, timeout=self.per_request_timeout, headers=headers, allow_redirects=False
        )
        if response.status_code != 200:
            raise requests.RequestException(f"status code {response.status_code}")
        return response

    async def _post(
        self, url: str, data: bytes, *, content_type: str, acceptable_content_types: Iterable[str]
    ) -> requests.Response:
        self._refuse_unless_allowed(url)
        headers = self._headers(acceptable_content_types, **{"Content-Type": content_type})
        response = await asyncio.to_thread(
            requests.post,
            url,
            data=data,
            timeout=self.per_request_timeout,
            headers=headers,
            allow_redirects=False,
        )
        if response.status_code != 200:
            raise requests.RequestException(f"status code {response.status_code}")
        return response


class _OCSP(_Gate, RequestsOCSPFetcher):
    pass


class _CRL(_Gate, RequestsCRLFetcher):
    pass


class _Certs(_Gate, RequestsCertificateFetcher):
    pass


class AllowListFetcherBackend(RequestsFetcherBackend):
    """pyHanko's ``requests`` fetcher backend, contacting only URLs on ``allow_list``."""

    def __init__(self, allow_list: UrlAllowList, per_request_timeout: float = 10) -> None:
        super().__init__(per_request_timeout=per_request_timeout, limits=FetchLimits())
        self.allow_list = allow_list

    def get_fetchers(self) -> Fetchers:
        budget = FetchBudget(self.limits)
        made: list[Any] = []
        for kind in (_OCSP, _CRL, _Certs):
            fetcher = kind(per_request_timeout=self.per_request_timeout, budget=budget)
            fetcher.allow_list = self.allow_list
            made.append(fetcher)
        return Fetchers(ocsp_fetcher=made[0], crl_fetcher=made[1], cert_fetcher=made[2])
