"""The worker process's backends, built once per process from the settings."""

from __future__ import annotations

from functools import lru_cache

from eoffice.backends import Backends
from eoffice.settings import get_settings


@lru_cache
def backends() -> Backends:
    return Backends(get_settings())
