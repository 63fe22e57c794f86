"""The running application's backends, built once from the settings and shared by the API, CLI and worker.

The ports live in the libraries (`storage.ObjectStore`, `search.SearchIndex`); this module only chooses the
adapter by URL and checks health. Object store and search index are opened lazily so a command that needs
only the database never touches the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from eoffice.db.session import make_engine, make_session_factory
from eoffice.settings import Settings

if TYPE_CHECKING:
    from search import SearchIndex
    from storage import ObjectStore


@dataclass
class Backends:
    settings: Settings
    _closers: list[Any] = field(default_factory=list)

    @cached_property
    def engine(self) -> Engine:
        from eoffice.audit import use_key

        # The audit chain of this database is MACed with this installation's key (eoffice/audit/_key.py).
        use_key(self.settings.database_url, self.settings.audit_key, self.settings.data_dir)
        return make_engine(self.settings.database_url)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return make_session_factory(self.engine)

    @cached_property
    def objects(self) -> ObjectStore:
        from storage import open_object_store

        url = self.settings.storage_url
        # Local files are served through signed download tokens; S3 presigns its own URLs.
        options = {"download_secret": self.settings.secret_key} if url.startswith("file:") else {}
        return open_object_store(url, **options)

    @cached_property
    def search(self) -> SearchIndex:
        from search import open_search_index

        return open_search_index(self.settings.search_url)

    def health(self) -> dict[str, dict[str, str]]:
        """Each configured backend's state, as `/api/health` reports it; a failure names the backend."""
        report: dict[str, dict[str, str]] = {}
        checks = {
            "database": (self.settings.database_url, self._database_ok),
            "storage": (self.settings.storage_url, lambda: self.objects.health()),
            "search": (self.settings.search_url, lambda: self.search.health()),
            "broker": (self.settings.broker_url, self._broker_ok),
        }
        for name, (url, check) in checks.items():
            kind = url.split(":", 1)[0]
            try:
                result = check()
                if getattr(result, "ok", True) is False:  # the libraries report, rather than raise
                    report[name] = {
                        "status": "error",
                        "backend": kind,
                        "error": str(getattr(result, "detail", "")),
                    }
                    continue
                report[name] = {"status": "ok", "backend": kind}
            except Exception as exc:  # noqa: BLE001 — health reports every failure instead of raising
                report[name] = {"status": "error", "backend": kind, "error": f"{type(exc).__name__}: {exc}"}
        return report

    def _database_ok(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def _broker_ok(self) -> None:
        from kombu import Connection

        with Connection(self.settings.broker_url, connect_timeout=3) as connection:
            connection.ensure_connection(max_retries=1)

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()
