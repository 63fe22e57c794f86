"""Two clicks at once: fire the same POST from several clients in the same instant, and judge the answers as a
user would (one effect; every other click a 409 with a stable code and a Vietnamese message)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

CLICKS = 6


def race(
    app: FastAPI, path: str, headers: dict[str, str], body: Any = None, n: int = CLICKS
) -> list[httpx.Response]:
    """POST `path` `n` times at once, each from its own client and thread; the answers in any order."""
    barrier = threading.Barrier(n)
    answers: list[httpx.Response] = []
    failures: list[BaseException] = []

    def fire() -> None:
        try:
            client = TestClient(app, raise_server_exceptions=False)
            barrier.wait()
            answers.append(client.post(path, json=body if body is not None else {}, headers=headers))
        except BaseException as exc:  # noqa: BLE001 — reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=fire) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    return answers


def one_winner(answers: Sequence[httpx.Response], *codes: str) -> httpx.Response:
    """Exactly one 2xx; every other answer a 409 with one of `codes` and a Vietnamese message."""
    winners = [a for a in answers if a.status_code < 300]
    losers = [a for a in answers if a is not (winners[0] if winners else None)]
    assert len(winners) == 1 and all(a.status_code == 409 for a in losers), [
        (a.status_code, a.text[:200]) for a in answers
    ]
    for loser in losers:
        assert loser.json()["code"] in codes, loser.text
        assert loser.json()["message"]
    return winners[0]
