"""How many task messages wait in the broker, per queue (Redis: the list length; the embedded SQLite
broker: its visible rows) — read through kombu, which speaks to both."""

from __future__ import annotations

from collections.abc import Iterable

from kombu import Connection
from kombu.exceptions import ChannelError


def queue_depths(broker_url: str, queues: Iterable[str], *, timeout: float = 2.0) -> dict[str, int]:
    """Messages waiting per queue; a queue the broker has never seen is empty. Raises when it is down."""
    depths: dict[str, int] = {}
    with Connection(broker_url, connect_timeout=timeout) as connection:
        connection.ensure_connection(max_retries=1)
        channel = connection.default_channel
        for queue in queues:
            try:
                depths[queue] = int(channel.queue_declare(queue=queue, passive=True).message_count)
            except ChannelError:
                depths[queue] = 0  # Redis drops an empty list: nothing waits
    return depths
