"""Danh bạ cơ quan liên thông: outside agencies by mã định danh, synced from the VXP axis or entered by the
agency's admin, each with the connection that reaches it and that connection's health.

Release asks `unreachable` which of its outside recipients it cannot send to; the API mounts `router`; the
worker's beat job calls `sync_all`.
"""

from eoffice.exchange.directory.service import (
    DirectoryEntryNotFound,
    connections,
    create_entry,
    search,
    sync,
    sync_all,
    unreachable,
    update_entry,
)

__all__ = [
    "DirectoryEntryNotFound",
    "connections",
    "create_entry",
    "search",
    "sync",
    "sync_all",
    "unreachable",
    "update_entry",
]
