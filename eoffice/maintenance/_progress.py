"""How long work reports how far it got: the CLI shows rich progress bars, tests and the API show nothing."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def start(self, description: str, total: int | None = None) -> None:
        """Begin a phase (a new bar); `total` None when the amount is not known beforehand."""

    def advance(self, amount: int = 1) -> None: ...


class Silent:
    """The default: no output."""

    def start(self, description: str, total: int | None = None) -> None:
        del description, total

    def advance(self, amount: int = 1) -> None:
        del amount
